#!/bin/sh
# Demo agent for cfn-wave (busybox sh): shows what cfn-wave handed the container, works for
# 1-3 s, writes /workspace/results/$BATCH_ID.txt and exits 1 when TASK_PROMPT says FAIL.
set -eu

batch=${BATCH_ID:-unknown}
prompt=${TASK_PROMPT:-}
echo "agent: task=${TASK_ID:-?} wave=${WAVE_NUMBER:-?} batch=$batch"
echo "agent: files=${BATCH_FILES:-[]}"
echo "agent: prompt=$prompt"
env | grep '^DEMO_' | sed 's/^/agent: extra env /' || true

# The same batch always takes the same time: 1-3 s from a hash of its id.
seconds=$(( 0x$(printf '%s' "$batch" | md5sum | cut -c 1-4) % 3 + 1 ))
echo "agent: working for ${seconds}s"
sleep "$seconds"

outcome=success
if printf '%s\n' "$prompt" | grep -qw FAIL; then
  outcome=failed
fi

mkdir -p /workspace/results
result=/workspace/results/$(printf '%s' "$batch" | tr -c 'A-Za-z0-9._-' '_').txt
{
  echo "task_id=${TASK_ID:-}"
  echo "wave_number=${WAVE_NUMBER:-}"
  echo "batch_id=$batch"
  echo "files=${BATCH_FILES:-[]}"
  echo "outcome=$outcome"
} >"$result"
echo "agent: wrote $result"

if [ "$outcome" = failed ]; then
  echo "agent: the prompt asks for FAIL, exiting 1" >&2
  exit 1
fi
echo "agent: done"
