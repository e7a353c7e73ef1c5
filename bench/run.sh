#!/usr/bin/env bash
# The benchmark suite: cfn-wave against the docker-CLI way and against the engine's own limit, on
# the local engine. Prints a table, writes bench/results/latest.json and latest.png.
#   bench/run.sh            full run (about 30 minutes on 2 cores)
#   bench/run.sh --quick    small N, one round: checks that the suite works (CI runs this)
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=SCRIPTDIR/../scripts/lib/engine-health.sh
source "$ROOT/scripts/lib/engine-health.sh"
log() { printf '%s bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

bash scripts/ensure-docker.sh
# Docker 20.10 before 20.10.27 can wedge (moby/moby#46661): keep its goroutine dump, restart it.
wedges="$ROOT/.artifacts/engine-wedge"
rm -f "$wedges/wedged"
cfn_engine_recover_if_wedged "$wedges" || true
bash scripts/build-images.sh
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})') at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
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

# Everything the benchmark creates mounts a workspace under this folder (bench.py makes its
# temporary folder here); on SIGINT or SIGTERM, those containers are removed, and only those.
tmp=$(mktemp -d -t cfn-bench-run.XXXXXX)
export CFN_BENCH_TMPDIR=$tmp
# shellcheck disable=SC2317 # called from the traps
remove_ours() {
  { docker ps -aq --filter label=cfn.managed=true; docker ps -aq --filter label=cfn.bench; } |
    sort -u | xargs -r docker inspect --format '{{.Id}} {{range .Mounts}}{{.Source}} {{end}}' 2>/dev/null |
    awk -v ours="$tmp/" 'index($0, ours) { print $1 }' | xargs -r docker rm -f >/dev/null || true
}
bench=
watcher=
# shellcheck disable=SC2317 # called from the traps
on_signal() {
  trap - INT TERM
  log "interrupted: stopping the benchmark and removing the containers it created"
  if [[ -n "$bench" ]]; then
    # Its whole process group: cfn-wave runs stop their containers on SIGTERM too.
    kill -TERM -- "-$bench" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 -- "-$bench" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$bench" 2>/dev/null || true
  fi
  [[ -z "$watcher" ]] || kill "$watcher" 2>/dev/null || true
  remove_ours
  rm -rf "$tmp"
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

setsid /usr/bin/python3 bench/bench.py "$@" &
bench=$!
cfn_engine_watch "$bench" "$wedges" &
watcher=$!
status=0
wait "$bench" || status=$?
kill "$watcher" 2>/dev/null || true
rm -rf "$tmp"
if [[ -f "$wedges/wedged" ]]; then
  log "the engine WEDGED during the benchmark (moby/moby#46661) and was restarted: the results are disturbed, run it again. Goroutine dumps: $wedges"
  [[ $status -ne 0 ]] || status=1
fi
exit "$status"
