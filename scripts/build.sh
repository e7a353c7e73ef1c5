#!/usr/bin/env bash
# Builds target/cfn-wave.jar with Maven and a JDK 21+ found on this machine (tests skipped;
# scripts/test.sh runs them). Extra arguments go to mvn.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/lib/find-java.sh
source "$ROOT/scripts/lib/find-java.sh"
log() { printf '%s build: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if ! java=$(cfn_find_java --jdk); then
  log "$(cfn_java_missing scripts/build.sh --jdk)"
  exit 2
fi
if ! command -v mvn >/dev/null 2>&1; then
  log "Maven (mvn) is not installed: apt-get install maven, or see https://maven.apache.org/install.html"
  exit 2
fi
JAVA_HOME=$(cfn_java_home "$java")
export JAVA_HOME
# Maven 3.8's bundled Guava trips JDK 24+'s sun.misc.Unsafe warnings; they are noise here.
if (($(cfn_java_major "$java") >= 24)) && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi

cd "$ROOT"
log "mvn package with JAVA_HOME=$JAVA_HOME"
mvn -B -q package -DskipTests "$@"
log "built $ROOT/target/cfn-wave.jar"
