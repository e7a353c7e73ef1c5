#!/usr/bin/env bash
# The CPU of the cfn-wave process while N containers (28) run, with peak-memory sampling on
# (--peak-sample-interval 1: one cgroup read per container per second) and off (0). Each round
# starts `cfn-wave run` on N batches that sleep, waits until all N run, reads the process's
# utime+stime from /proc/PID/stat over WINDOW seconds, then lets the run finish. Also times the
# stats fallback (the Engine API's one-shot stats, used when the engine is not local) for one
# container. Uses the local engine; run it under the IT lock on a shared machine:
#   flock /tmp/cfn-it.lock bench/peak-sampling-cpu.sh [N] [WINDOW] [ROUNDS]
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${1:-28}
WINDOW=${2:-20}
ROUNDS=${3:-2}
log() { printf '%s peak-bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

docker info >/dev/null 2>&1 || { log "no Docker engine answers"; exit 2; }
bash scripts/build-images.sh
[[ -f target/cfn-wave.jar ]] || bash scripts/build.sh

work=$(mktemp -d)
child=""
probe=""
ids=()
prefix="peakbench-$$"
cleanup() {
  [[ -n "$child" ]] && kill "$child" 2>/dev/null && wait "$child" 2>/dev/null || true
  local id
  for id in "${ids[@]}"; do
    docker ps -aq --filter "label=cfn.run.id=$id" | xargs -r docker rm -f >/dev/null 2>&1 || true
  done
  [[ -n "$probe" ]] && docker rm -f "$probe" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/ws"
hold=$((WINDOW + 10))
{
  printf '{"task_id": "peak-bench", "waves": [{"wave_number": 1, "batches": ['
  for i in $(seq 1 "$N"); do
    [[ $i -gt 1 ]] && printf ','
    printf '{"batch_id": "b%d", "tier": 1, "task_prompt": "sleep %d"}' "$i" "$hold"
  done
  printf ']}]}\n'
} >"$work/plan.json"

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # interval round -> sets result to the CPU % over the window
  local interval=$1 id="$prefix-$2-$1"
  ids+=("$id")
  CFN_TIER_1_MEMORY=32m bin/cfn-wave run --wave-plan "$work/plan.json" --run-id "$id" \
    --runs-dir "$work/runs" --workspace "$work/ws" --base-image cfn-wave/test-agent:latest \
    --network bridge --memory-budget "$((N * 32))m" --parallel 8 --poll-interval 1 \
    --peak-sample-interval "$interval" \
    >"$work/$id.out" 2>"$work/$id.err" &
  child=$!
  until [[ $(docker ps -q --filter "label=cfn.run.id=$id" | wc -l) -ge $N ]]; do
    kill -0 "$child" 2>/dev/null || { log "run $id ended early: $(tail -3 "$work/$id.err")"; exit 1; }
    sleep 0.2
  done
  sleep 1
  local t0 t1
  t0=$(ticks "$child")
  sleep "$WINDOW"
  t1=$(ticks "$child")
  wait "$child" || { log "run $id failed: $(tail -3 "$work/$id.err")"; exit 1; }
  child=""
  result=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v w="$WINDOW" 'BEGIN { printf "%.2f", 100 * d / hz / w }')
}

for round in $(seq 1 "$ROUNDS"); do
  measure 1 "$round"
  on=$result
  measure 0 "$round"
  off=$result
  log "round $round: $N running containers, CPU of cfn-wave over ${WINDOW} s: sampling on ${on}%, off ${off}%"
  printf 'round %d: N=%d window=%ss sampling_on=%s%% sampling_off=%s%%\n' "$round" "$N" "$WINDOW" "$on" "$off"
done

# One stats call, as the fallback makes it per container per sample.
probe=$(docker run -d -m 32m cfn-wave/busybox:latest sleep 30)
start=$(date +%s%N)
for _ in $(seq 1 20); do
  curl -s --unix-socket /var/run/docker.sock \
    "http://engine/containers/$probe/stats?stream=false&one-shot=true" >/dev/null
done
printf 'one-shot stats call: %d ms (mean of 20)\n' $((($(date +%s%N) - start) / 20000000))
