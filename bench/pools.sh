#!/usr/bin/env bash
# Issue 26: the same plan of batches calling a rate-limiting (faked) API, with a pool in front of
# it and without; prints each leg's makespan, attempts and rate-limited (wasted) attempts as JSON
# on stdout (bench/pools_vs_none.py says how). About 3 minutes; under the IT lock on a shared
# machine:
#   flock /tmp/cfn-it.lock bench/pools.sh [--batches 24] [--api-limit 4] [--pool 4] [--work 5]
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
docker info >/dev/null 2>&1 || { echo "pools-bench: no Docker engine answers (scripts/ensure-docker.sh starts one)" >&2; exit 2; }
bash scripts/build-images.sh
[[ -f target/cfn-wave.jar ]] || bash scripts/build.sh
exec /usr/bin/python3 bench/pools_vs_none.py "$@"
