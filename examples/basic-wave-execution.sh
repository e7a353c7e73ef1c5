#!/bin/bash
# The skill's "Basic Wave Execution" example, run against cfn-wave. It is the spec's script
# unchanged except where it has to be; each change is marked "cfn-wave:".
# Needs jq, like the original. Run from anywhere: bash examples/basic-wave-execution.sh
# shellcheck disable=SC2034 # SPAWNED is kept from the original, which does not read it either
set -euo pipefail

# cfn-wave: the ./.claude/skills/... paths below are relative to the repository root.
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."
# cfn-wave: --workspace names a host folder, which must exist; /workspace is where the
# container sees it. A temporary one stands in for the project being fixed.
WORKSPACE=${WORKSPACE:-$(mktemp -d)}

# 1. Generate batching plan
# cfn-wave: there is no cfn-error-batching-strategy here; a fixed plan with one wave that succeeds.
WAVE_PLAN=$(cat examples/basic-plan.json)

# 2. Spawn Wave 1
SPAWNED=$(./.claude/skills/cfn-docker-wave-execution/spawn-wave.sh \
  --wave-plan <(echo "$WAVE_PLAN") \
  --wave-number 1 \
  --base-image cfn-wave/demo-agent:latest \
  --workspace "$WORKSPACE" \
  --output wave1-spawned.json)

# 3. Monitor Wave 1
RESULTS=$(./.claude/skills/cfn-docker-wave-execution/monitor-wave.sh \
  --containers ./wave1-spawned.json \
  --timeout 1800 \
  --output wave1-results.json)

# 4. Check results
FAILED=$(echo "$RESULTS" | jq '.metrics.failed')
if [[ $FAILED -gt 0 ]]; then
  echo "Wave 1 had $FAILED failures"
  exit 1
fi

# 5. Cleanup
./.claude/skills/cfn-docker-wave-execution/cleanup-wave.sh \
  --wave-number 1 \
  --preserve-failed-logs \
  --output wave1-cleanup.json

# 6. Process Wave 2 (if needed)
# ...
