# shellcheck shell=bash
# The Maven and JDK set-up shared by scripts/build.sh, package.sh and test.sh: finds a JDK 21+,
# makes sure mvn is there, and exports JAVA_HOME and MAVEN_OPTS for it; and their `mvn package`.
# Sourced; brings in find-java.sh, defines functions only and reports through the caller's `log`.

# shellcheck source=SCRIPTDIR/find-java.sh
source "$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)/find-java.sh"

# cfn_apt_install PACKAGE: installs PACKAGE with apt-get when running as root on a system that has
# it; fails otherwise.
cfn_apt_install() {
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  log "installing $1 with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$1" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "$1" >&2; }
}

# cfn_maven_setup WHAT [--install-maven]: exports JAVA_HOME (a JDK 21+) and MAVEN_OPTS, or logs one
# line saying what is missing and fails. With --install-maven a missing mvn is installed with
# apt-get where that is possible.
cfn_maven_setup() {
  local what=$1 install=${2:-} java
  if ! java=$(cfn_find_java --jdk); then
    log "$(cfn_java_missing "$what" --jdk)"
    return 2
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    if [[ "$install" != --install-maven ]] || ! cfn_apt_install maven; then
      log "Maven (mvn) is not installed: apt-get install maven, or see https://maven.apache.org/install.html"
      return 2
    fi
  fi
  JAVA_HOME=$(cfn_java_home "$java")
  export JAVA_HOME
  # Maven 3.8's bundled Guava trips JDK 24+'s sun.misc.Unsafe warnings; they are noise here.
  if (($(cfn_java_major "$java") >= 24)) && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

# cfn_maven_package WHAT [MVN_ARG...]: the set-up above, then `mvn package` without the tests in the
# project's root, where the shell stays (the jar and the release archive), with the extra
# arguments; fails as mvn does.
cfn_maven_package() {
  local what=$1
  shift
  cfn_maven_setup "$what" || return 2
  cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." || return 2
  log "mvn package with JAVA_HOME=$JAVA_HOME"
  mvn -B -q package -DskipTests "$@"
}
