# shellcheck shell=bash
# Sourced by scripts that start a daemon that outlives them (dockerd): the daemon must not inherit
# the caller's other descriptors, or a lock the caller holds with flock stays held, and a pipe the
# caller's caller reads to its end stays open, for as long as the daemon runs.

# Closes every descriptor above 2 in the current shell; call it in the subshell that then execs.
cfn_close_extra_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}
