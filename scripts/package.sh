#!/usr/bin/env bash
# Builds the release archive, target/cfn-wave-<version>.tar.gz (Maven's package phase makes it:
# the shaded jar, the launcher, the drop-in skill, man pages and completion generated from the
# command model, install.sh, README, LICENSE), with a JDK 21+ found on this machine. Tests are
# skipped (scripts/test.sh runs them, InstallIT on this archive). Extra arguments go to mvn.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/lib/maven.sh
source "$ROOT/scripts/lib/maven.sh"
log() { printf '%s package: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cfn_maven_package scripts/package.sh "$@" || exit $?
archive=
for f in target/cfn-wave-*.tar.gz; do
  if [[ -z "$archive" || "$f" -nt "$archive" ]]; then archive=$f; fi
done
name=${archive##*/}
log "built $ROOT/$archive; install it with: tar xzf $name && ${name%.tar.gz}/install.sh"
