#!/usr/bin/env bash
# 1,100 batches running at the same time on one host (issue 28): the engine's own start rate, then
# `cfn-wave run` of 1,100 batches over two bridge networks (a bridge takes 1,023 containers), each
# waiting at a barrier until all of them run, then ending over 5 minutes. Prints the figures as
# JSON on stdout (bench/thousand_at_once.py says what each is). About 25 minutes here at the
# engine's 1 start a second; it needs a quiet engine, so run it under the IT lock on a shared
# machine:
#   flock /tmp/cfn-it.lock bench/thousand-at-once.sh [--batches 1100] [--parallel 16]
#     [--networks-per-run 2] [--probe 100] [--spread 300] [--memory-budget 12g]
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
docker info >/dev/null 2>&1 || { echo "thousand-at-once: no Docker engine answers (scripts/ensure-docker.sh starts one)" >&2; exit 2; }
bash scripts/build-images.sh
[[ -f target/cfn-wave.jar ]] || bash scripts/build.sh
exec /usr/bin/python3 bench/thousand_at_once.py "$@"
