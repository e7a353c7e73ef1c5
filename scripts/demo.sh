#!/usr/bin/env bash
# The demo: runs the two waves of examples/demo-plan.json through spawn, monitor and cleanup, as
# a caller of the skill would, with a tiny agent image (examples/demo-agent), then the same plan
# with the one command `cfn-wave run`. One batch of wave 1 fails on purpose, so monitor exits 1
# there, cleanup keeps that container's log, and run retries it once and exits 1.
# Writes its JSON documents to .artifacts/demo/ and exits 0 when the demo behaved as designed.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PLAN=examples/demo-plan.json
TASK_ID=demo
IMAGE=cfn-wave/demo-agent:latest
NETWORK=cfn-network
OUT=.artifacts/demo
LOG_DIR=${CFN_LOG_DIR:-.artifacts/logs}
# What the plan is built to do: failed batches per wave (keep in step with examples/demo-plan.json).
EXPECTED_FAILED=([1]=1 [2]=0)
EXPECTED_RESULT_FILES=5
FAILING_BATCH=demo-w1-legacy

log() { printf '%s demo: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
say() { printf '%s\n' "$*"; }

# metric NAME FILE: the first `"NAME": <number>` in a JSON file (no jq needed), or "?".
metric() {
  local value
  value=$(grep -o "\"$1\"[[:space:]]*:[[:space:]]*[0-9][0-9]*" "$2" 2>/dev/null | head -n 1 | grep -o '[0-9]*$') || true
  printf '%s\n' "${value:-?}"
}

bash scripts/ensure-docker.sh
bash scripts/build-images.sh
jar=target/cfn-wave.jar
if [[ ! -f "$jar" ]]; then
  log "$jar is missing, building it"
  bash scripts/build.sh
fi

mkdir -p "$OUT"
rm -f "$OUT"/wave*-spawned.json "$OUT"/wave*-results.json "$OUT"/wave*-cleanup.json
rm -rf "$OUT/results"
started=$OUT/.started
touch "$started"
WS=$(mktemp -d "${TMPDIR:-/tmp}/cfn-wave-demo.XXXXXX")

# If the demo is cut short, don't leave the wave in flight running.
current_wave=""
on_exit() {
  if [[ -n "$current_wave" ]]; then
    log "stopped during wave $current_wave: removing its containers"
    bin/cfn-wave cleanup --wave-number "$current_wave" --task-id "$TASK_ID" >/dev/null 2>&1 || true
  fi
  rm -rf "$WS" 2>/dev/null || log "could not remove the workspace $WS"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

waves=$(grep -o '"wave_number"[[:space:]]*:[[:space:]]*[0-9][0-9]*' "$PLAN" | grep -o '[0-9]*$')
problems=()
summary=()

for wave in $waves; do
  current_wave=$wave
  spawned=$OUT/wave$wave-spawned.json
  results=$OUT/wave$wave-results.json
  cleanup=$OUT/wave$wave-cleanup.json
  expected=${EXPECTED_FAILED[$wave]:-0}
  say ""
  say "=== Wave $wave ==="

  # stdout carries the same JSON as --output; the progress lines go to stderr.
  spawn_rc=0
  bin/cfn-wave spawn --wave-plan "$PLAN" --wave-number "$wave" --base-image "$IMAGE" \
    --workspace "$WS" --network "$NETWORK" --environment "DEMO_RUN_BY=scripts/demo.sh" \
    --output "$spawned" >/dev/null || spawn_rc=$?
  if [[ $spawn_rc -ne 0 ]]; then
    problems+=("wave $wave: spawn exited $spawn_rc")
  fi

  monitor_rc=skipped
  if [[ $spawn_rc -eq 0 ]]; then
    monitor_rc=0
    bin/cfn-wave monitor --containers "$spawned" --timeout 120 --poll-interval 1 \
      --output "$results" >/dev/null || monitor_rc=$?
    expected_rc=0
    [[ $expected -eq 0 ]] || expected_rc=1
    if [[ "$monitor_rc" != "$expected_rc" ]]; then
      problems+=("wave $wave: monitor exited $monitor_rc, expected $expected_rc")
    fi
  fi

  cleanup_rc=0
  bin/cfn-wave cleanup --wave-number "$wave" --task-id "$TASK_ID" --preserve-failed-logs \
    --output "$cleanup" >/dev/null || cleanup_rc=$?
  current_wave=""
  if [[ $cleanup_rc -ne 0 ]]; then
    problems+=("wave $wave: cleanup exited $cleanup_rc")
  fi

  if [[ -f "$results" ]]; then
    say "--- $results"
    cat "$results"
    say ""
    failed=$(metric failed "$results")
    if [[ "$failed" != "$expected" ]]; then
      problems+=("wave $wave: $failed failed batch(es), expected $expected")
    fi
    line="Wave $wave: monitor exit $monitor_rc; $(metric total "$results") containers,"
    line+=" $(metric success "$results") succeeded, $failed failed, $(metric timeout "$results") timed out;"
    line+=" cleanup removed $(metric containers_removed "$cleanup"), kept $(metric logs_preserved "$cleanup") log(s)"
    summary+=("$line")
  else
    summary+=("Wave $wave: spawn exit $spawn_rc, monitor $monitor_rc, cleanup exit $cleanup_rc; no results")
  fi
  if [[ $spawn_rc -ne 0 ]]; then
    break
  fi
done

# What the agents wrote into the workspace they shared through the bind mount.
if [[ -d "$WS/results" ]]; then
  cp -R "$WS/results" "$OUT/results"
fi
result_files=0
if [[ -d "$OUT/results" ]]; then
  result_files=$(find "$OUT/results" -type f -name '*.txt' | wc -l)
fi
if [[ $result_files -ne $EXPECTED_RESULT_FILES ]]; then
  problems+=("the agents wrote $result_files result file(s) to the workspace, expected $EXPECTED_RESULT_FILES")
fi

failed_log=$(find "$LOG_DIR/container-logs" -newer "$started" -name "*-$FAILING_BATCH-*.log" 2>/dev/null | head -n 1) || true
if [[ -z "$failed_log" ]]; then
  problems+=("no log of the failed batch $FAILING_BATCH under $LOG_DIR/container-logs/")
fi

say ""
say "=== Summary ==="
for line in "${summary[@]}"; do
  say "$line"
done
say "Agents' result files: $OUT/results/ ($result_files)"
if [[ -n "$failed_log" ]]; then
  say "Log of the failed batch $FAILING_BATCH, kept by cleanup: $failed_log"
  sed 's/^/  | /' "$failed_log"
fi
say "JSON documents: $OUT/wave*-{spawned,results,cleanup}.json"

# Part two: the same plan in one command. run keeps going past wave 1's failure, retries the
# failing batch once (it fails again, on purpose), and keeps everything in its run folder.
say ""
say "=== The same plan with one command: cfn-wave run ==="
run_id=demo-$(date -u +%Y%m%d%H%M%S)
run_rc=0
bin/cfn-wave run --wave-plan "$PLAN" --base-image "$IMAGE" --workspace "$WS" --network "$NETWORK" \
  --keep-going --retries 1 --backoff 1 --poll-interval 1 --run-id "$run_id" \
  --output "$OUT/run-report.json" >/dev/null || run_rc=$?
run_dir=.artifacts/runs/$run_id
if [[ $run_rc -ne 1 ]]; then
  problems+=("run exited $run_rc, expected 1 (one batch fails on purpose)")
fi
if [[ "$(metric succeeded "$OUT/run-report.json")" != 4 || "$(metric attempts "$OUT/run-report.json")" != 6 ]]; then
  problems+=("run: expected 4 succeeded batches in 6 attempts, see $OUT/run-report.json")
fi
for report in junit.xml summary.md report.html; do
  [[ -s "$run_dir/$report" ]] || problems+=("run: no $report in $run_dir")
done
say "Run folder: $run_dir/ (report.json, junit.xml, summary.md, report.html, journal.jsonl, wave-N-results.json, logs/)"
ls "$run_dir/logs" 2>/dev/null | sed 's/^/  logs\//' || true

if [[ ${#problems[@]} -gt 0 ]]; then
  say ""
  say "The demo did NOT behave as designed:"
  for line in "${problems[@]}"; do
    say "  - $line"
  done
  exit 1
fi
say ""
say "The demo behaved as designed: wave 1 reported its one failing batch (exit 1), wave 2 succeeded (exit 0);"
say "run did both waves in one command, retried the failing batch once and exited 1."
