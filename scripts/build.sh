#!/usr/bin/env bash
# Builds target/cfn-wave.jar with Maven and a JDK 21+ found on this machine (tests skipped;
# scripts/test.sh runs them). Extra arguments go to mvn.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/lib/maven.sh
source "$ROOT/scripts/lib/maven.sh"
log() { printf '%s build: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cfn_maven_package scripts/build.sh "$@" || exit $?
log "built $ROOT/target/cfn-wave.jar"
