#!/usr/bin/env bash
# A stress tool for people, not a CI test: does the local engine wedge under many short containers,
# and on which network? Docker 20.10 before 20.10.27 can deadlock in libnetwork (moby/moby#46661):
# container calls then hang for good while `docker ps` still answers.
#
# Each round is one `cfn-wave run` of N one-second batches at --parallel P on one network; rounds
# go round-robin over the networks until each had R rounds or the time budget is spent. While a run
# is alive, a container of it is inspected every 2 s; one that does not answer within the probe
# time is a wedge: the engine's goroutine dump is saved under .artifacts/engine-wedge/, the run is
# killed, dockerd is restarted (scripts/lib/engine-health.sh) and the round counts as wedged.
#
#   flock /tmp/cfn-it.lock bench/engine-wedge.sh [--batches 300] [--parallel 8] [--rounds 3]
#       [--networks cfn-network,bridge,none] [--minutes 15] [--probe-seconds 5]
#
# It restarts the host's dockerd: run it only where nothing else depends on that engine (hold
# /tmp/cfn-it.lock on a shared machine); it leaves dockerd running. Prints one line per round and a
# table of wedges per network, also written to .artifacts/engine-wedge/summary.txt.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=SCRIPTDIR/../scripts/lib/engine-health.sh
source "$ROOT/scripts/lib/engine-health.sh"
log() { printf '%s engine-wedge: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

batches=300 parallel=8 rounds=3 networks=cfn-network,bridge,none minutes=15 probe=5
while [[ $# -gt 0 ]]; do
  case $1 in
    --batches) batches=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --networks) networks=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --probe-seconds) probe=$2; shift 2 ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
  esac
done
export CFN_ENGINE_PROBE_SECONDS=$probe

bash scripts/ensure-docker.sh
bash scripts/build-images.sh >/dev/null
[[ -f target/cfn-wave.jar ]] || bash scripts/build.sh

out="$ROOT/.artifacts/engine-wedge"
work=$(mktemp -d)
mkdir -p "$out" "$work/ws"
current_run=
child=

# Removes what the current round created, by its run id label.
remove_round() {
  [[ -n "$current_run" ]] || return 0
  docker ps -aq --filter "label=cfn.run.id=$current_run" | xargs -r docker rm -f >/dev/null 2>&1 || true
}
on_exit() {
  if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then kill -KILL "$child" 2>/dev/null || true; fi
  remove_round
  rm -rf "$work"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

plan="$work/plan.json"
python3 - "$batches" >"$plan" <<'EOF'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"task_id": "engine-wedge", "waves": [{"wave_number": 1, "batches": [
    {"batch_id": f"b{i}", "tier": 1, "task_prompt": "sleep 1"} for i in range(n)]}]}))
EOF

declare -A ran wedged errors seconds
IFS=, read -r -a nets <<<"$networks"
for net in "${nets[@]}"; do ran[$net]=0; wedged[$net]=0; errors[$net]=0; seconds[$net]=""; done
deadline=$(($(date +%s) + minutes * 60))

# One round; sets result to "ok|error SECONDS EXIT", "wedged SECONDS" or "stalled SECONDS".
round() {
  local net=$1 started id verdict=ok
  started=$(date +%s)
  current_run="wedge-${net//[^a-z]/}-$(date +%H%M%S)-$RANDOM"
  CFN_TIER_1_MEMORY=64m CFN_DOCKER_IMAGE=cfn-wave/test-agent:latest \
    bin/cfn-wave run --wave-plan "$plan" --run-id "$current_run" --runs-dir "$work/runs" \
    --workspace "$work/ws" --network "$net" --parallel "$parallel" --poll-interval 1 \
    >/dev/null 2>"$work/run.err" &
  child=$!
  while kill -0 "$child" 2>/dev/null; do
    sleep 2
    id=$(docker ps -aq --filter "label=cfn.run.id=$current_run" 2>/dev/null | head -n 1) || true
    if [[ -n "$id" ]] && kill -0 "$child" 2>/dev/null && cfn_engine_wedged "$id"; then
      verdict=wedged
      break
    fi
    if (($(date +%s) - started > 600)); then
      verdict=stalled
      break
    fi
  done
  if [[ $verdict == ok ]]; then
    local rc=0
    wait "$child" || rc=$?
    child=
    remove_round
    if [[ $rc -ne 0 ]]; then
      log "cfn-wave run exited $rc: $(grep -v INFO "$work/run.err" | tail -n 3)"
      verdict=error
    fi
    result="$verdict $(($(date +%s) - started)) $rc"
    return
  fi
  local stamp dump
  stamp="$out/$(date -u +%Y%m%dT%H%M%SZ)-$net"
  mkdir -p "$stamp"
  dump=$(cfn_engine_dump "$stamp") || dump="(none)"
  log "$verdict on $net after $(($(date +%s) - started)) s: goroutine dump $dump"
  kill -KILL "$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
  child=
  cp "$work/run.err" "$stamp/cfn-wave-run.err" || true
  cfn_engine_restart >&2
  remove_round
  result="$verdict $(($(date +%s) - started))"
}

engine=$(docker version --format '{{.Server.Version}}')
log "engine $engine; $batches batches at --parallel $parallel; networks $networks; up to $rounds rounds each, $minutes min"
for ((r = 1; r <= rounds; r++)); do
  for net in "${nets[@]}"; do
    if (($(date +%s) >= deadline)); then break 2; fi
    round "$net"
    rc=
    read -r verdict took rc <<<"$result"
    ran[$net]=$((ran[$net] + 1))
    case $verdict in
      wedged | stalled) wedged[$net]=$((wedged[$net] + 1)) ;;
      error) errors[$net]=$((errors[$net] + 1)) ;;
    esac
    seconds[$net]+="$took "
    log "round $r on $net: $verdict in ${took} s${rc:+ (exit $rc)}"
  done
done

{
  echo "engine $engine, $batches one-second batches at --parallel $parallel, $(date -u +%Y-%m-%d)"
  printf '%-12s %6s %7s %7s  %s\n' network rounds wedged errors "seconds per round"
  for net in "${nets[@]}"; do
    printf '%-12s %6d %7d %7d  %s\n' "$net" "${ran[$net]}" "${wedged[$net]}" "${errors[$net]}" "${seconds[$net]}"
  done
} | tee "$out/summary.txt"
