#!/usr/bin/env bash
# The benchmark suite: cfn-wave against the docker-CLI way and against the engine's own limit, on
# the local engine. Prints a table, writes bench/results/latest.json and latest.png.
#   bench/run.sh            full run (about 30 minutes on 2 cores)
#   bench/run.sh --quick    small N, one round: checks that the suite works (CI runs this)
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '%s bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

bash scripts/ensure-docker.sh
bash scripts/build-images.sh
if [[ ! -f target/cfn-wave.jar ]]; then
  bash scripts/build.sh
fi
if ! /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing python3-matplotlib for the chart"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq python3-matplotlib >&2 || { apt-get update -qq >&2; apt-get install -y -qq python3-matplotlib >&2; }
  else
    log "python3-matplotlib is missing: the chart will be skipped"
  fi
fi
if ! command -v /usr/bin/time >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
  apt-get install -y -qq time >&2 || { apt-get update -qq >&2; apt-get install -y -qq time >&2; }
fi

exec /usr/bin/python3 bench/bench.py "$@"
