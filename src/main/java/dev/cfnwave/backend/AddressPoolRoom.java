package dev.cfnwave.backend;

import java.util.Objects;

/**
 * How many more networks the engine can create from its default address pools (each bridge made
 * without a subnet takes one of the pools' subnets), and how it was learned.
 *
 * @param free the pools' subnets no network overlaps now
 * @param total the pools' subnets in all
 * @param derived true when the engine does not report its pools, so Docker's built-in ones were
 *     assumed (a daemon's {@code default-address-pools} setting is not visible through the API)
 * @param pools the pools counted, as "172.17.0.0/16 by /16"
 */
public record AddressPoolRoom(long free, long total, boolean derived, String pools) {

  public AddressPoolRoom {
    Objects.requireNonNull(pools, "pools");
    if (free < 0 || free > total) {
      throw new IllegalArgumentException("free must be between 0 and total");
    }
  }
}
