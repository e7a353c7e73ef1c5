#!/usr/bin/env bash
# CPU seconds (user+sys, /usr/bin/time) of the cfn-wave process for spawn of 28 at --parallel 5,
# cleanup --preserve-failed-logs of 28 (a third failed), monitor of 28 exits staggered over 14 s,
# and the same monitor once all have ended (its start-up); ROUNDS interleaved rounds, medians.
# CPU seconds stay meaningful on an engine others share, where wall times do not. On a shared
# machine, hold the lock: flock /tmp/cfn-it.lock bench/cpu-per-command.sh [ROUNDS]
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
CFN=$ROOT/bin/cfn-wave
rounds=${1:-3}
export CFN_DOCKER_IMAGE=cfn-wave/test-agent:latest CFN_DOCKER_NETWORK=bridge
tmp=$(mktemp -d -t cfn-cpu.XXXXXX)
export CFN_LOG_DIR=$tmp/logs
mkdir "$tmp/ws"
ids=()
remove() { docker ps -aq --filter "label=cfn.run.id=$1" | xargs -r docker rm -f >/dev/null; }
# shellcheck disable=SC2317 # called from the trap
finish() {
  for id in ${ids[@]+"${ids[@]}"}; do remove "$id"; done
  rm -rf "$tmp"
}
trap finish EXIT

plan() { # name count prompt-expression(i) task-id
  python3 -c "
import json, sys
n, task = int(sys.argv[2]), sys.argv[4]
batches = [{'batch_id': f'b{i}', 'tier': 1, 'task_prompt': eval(sys.argv[3])} for i in range(n)]
json.dump({'task_id': task, 'waves': [{'wave_number': 1, 'batches': batches}]}, open(sys.argv[1], 'w'))
" "$tmp/$1.json" "$2" "$3" "$4"
}
cpu() { # label command...: appends "label seconds" to the samples
  /usr/bin/time -o "$tmp/time" -f '%U %S' "${@:2}" >/dev/null 2>"$tmp/stderr" || true
  echo "$1 $(awk '{print $1 + $2}' "$tmp/time")" >>"$tmp/samples"
}

"$CFN" --version >/dev/null # records the class archive once per build
plan spawn 28 '"sleep 60"' bench
plan watch 28 'f"sleep {0.5 * (i + 1):.2f}"' bench
for r in $(seq 1 "$rounds"); do
  id=cpus$r$$ && ids+=("$id")
  cpu spawn "$CFN" spawn --wave-plan "$tmp/spawn.json" --wave-number 1 --workspace "$tmp/ws" \
    --parallel 5 --run-id "$id"
  remove "$id"
  id=cpuc$r$$ && ids+=("$id")
  plan "clean$r" 28 '"echo failing; exit 1" if i % 3 == 0 else "echo ok"' "$id"
  "$CFN" spawn --wave-plan "$tmp/clean$r.json" --wave-number 1 --workspace "$tmp/ws" \
    --run-id "$id" >/dev/null 2>&1
  sleep 3
  cpu cleanup "$CFN" cleanup --task-id "$id" --preserve-failed-logs
  id=cpuw$r$$ && ids+=("$id")
  "$CFN" spawn --wave-plan "$tmp/watch.json" --wave-number 1 --workspace "$tmp/ws" \
    --run-id "$id" --output "$tmp/m.json" >/dev/null 2>&1
  cpu monitor "$CFN" monitor --containers "$tmp/m.json" --poll-interval 5
  cpu monitor-ended "$CFN" monitor --containers "$tmp/m.json" --poll-interval 5
  remove "$id"
done
python3 -c "
import statistics, sys
samples = {}
for line in open(sys.argv[1]):
    name, value = line.split()
    samples.setdefault(name, []).append(float(value))
for name, values in samples.items():
    print(f'{name:14} CPU median {statistics.median(values):.2f} s  samples ' + ' '.join(f'{v:.2f}' for v in values))
" "$tmp/samples"
