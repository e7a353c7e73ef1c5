#!/usr/bin/env bash
# The same plan of 40 batches on the swarm rig (--backend swarm, three nodes on this machine) and on
# the local engine (--backend docker); prints the makespan of each, where Swarm placed the batches,
# and how long after a task's container exited the run noticed it (p50/p95) against the poll
# interval. Brings the rig up and takes it down again, however it ends. Needs root (the rig) and
# holds nothing else: run it under the IT lock on a shared machine:
#   flock /tmp/cfn-it.lock bench/swarm-vs-local.sh [--batches 40] [--poll-interval 1]
# The scale case (bench/swarm_scale.py): N batches of sleep 2-20 s in tiers 1-4, seeded, on the
# rig, again with worker 1 killed halfway, then on the local engine; makespan against the per-node
# ideal, exit detection, the manager's API calls per poll, the orchestrator's CPU, services left:
#   flock /tmp/cfn-it.lock bench/swarm-vs-local.sh --scale 1000 [--memory-budget 12g] [--seed 24]
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '%s swarm-bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

[[ $(id -u) -eq 0 ]] || { log "needs root (the swarm rig)"; exit 2; }
docker info >/dev/null 2>&1 || { log "no Docker engine answers (scripts/ensure-docker.sh starts one)"; exit 2; }
bash scripts/build-images.sh
[[ -f target/cfn-wave.jar ]] || bash scripts/build.sh

trap 'bash scripts/swarm-rig.sh down >&2 || log "swarm-rig.sh down failed: run it again"' EXIT
rig=$(bash scripts/swarm-rig.sh up)
/usr/bin/python3 bench/swarm_vs_local.py --rig "$rig" "$@"
