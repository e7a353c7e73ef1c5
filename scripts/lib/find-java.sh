# shellcheck shell=bash
# Finds a Java 21+ runtime (or JDK) for bin/cfn-wave, scripts/build.sh and scripts/test.sh.
# Sourced: defines functions only and leaves the caller's shell options alone.
#
# Order: $JAVA_HOME, then the newest under /usr/lib/jvm (and macOS's JavaVirtualMachines), then
# `java` on PATH. The version comes from the JDK's `release` file, so the launcher starts no
# JVM just to check it; `java -version` is only the fallback where that file is missing.

CFN_JAVA_MIN_MAJOR=21

# cfn_resolve_path PATH: prints PATH with every symlink on the way followed (like readlink -f,
# which older macOS lacks).
cfn_resolve_path() {
  local path=$1 link dir
  while [[ -L "$path" ]]; do
    link=$(readlink "$path")
    if [[ "$link" == /* ]]; then
      path=$link
    else
      [[ "$path" == */* ]] && dir=${path%/*} || dir=.
      path=$dir/$link
    fi
  done
  [[ "$path" == */* ]] && dir=${path%/*} || dir=.
  dir=$(cd -P -- "${dir:-/}" 2>/dev/null && pwd) || return 1
  printf '%s/%s\n' "${dir%/}" "${path##*/}"
}

# cfn_java_home JAVA_BIN: prints the home of the JDK/JRE that JAVA_BIN belongs to.
cfn_java_home() {
  local bin
  bin=$(cfn_resolve_path "$1") || return 1
  bin=${bin%/*}
  printf '%s\n' "${bin%/bin}"
}

# cfn_java_major JAVA_BIN: prints the major version (8, 17, 21, ...) or fails.
cfn_java_major() {
  local bin=$1 home line version=""
  [[ -x "$bin" ]] || return 1
  home=$(cfn_java_home "$bin") || return 1
  if [[ -r "$home/release" ]]; then
    while IFS= read -r line || [[ -n "$line" ]]; do
      if [[ "$line" =~ ^JAVA_VERSION=\"?([0-9][0-9._]*) ]]; then
        version=${BASH_REMATCH[1]}
        break
      fi
    done <"$home/release"
  fi
  if [[ -z "$version" ]]; then
    line=$("$bin" -version 2>&1 | head -n 1) || true
    [[ "$line" =~ version\ \"([0-9][0-9._]*) ]] && version=${BASH_REMATCH[1]}
  fi
  [[ -n "$version" ]] || return 1
  # Before Java 9 the versions read 1.8.0_392.
  if [[ "$version" == 1.* ]]; then
    version=${version#1.}
  fi
  printf '%s\n' "${version%%[._]*}"
}

# cfn_java_ok JAVA_BIN [--jdk]: true when JAVA_BIN is Java 21+ (and, with --jdk, has javac).
cfn_java_ok() {
  local bin=$1 major
  if [[ "${2:-}" == --jdk && ! -x "${bin%/java}/javac" ]]; then
    return 1
  fi
  major=$(cfn_java_major "$bin") || return 1
  ((major >= CFN_JAVA_MIN_MAJOR))
}

# cfn_find_java --jre|--jdk: prints the path of a java binary of version 21 or newer, or fails.
# With --jdk the runtime must be a full JDK (javac beside it), as Maven needs.
cfn_find_java() {
  local want=${1:-} candidate major best="" best_major=0 path_java
  if [[ -n "${JAVA_HOME:-}" ]] && cfn_java_ok "$JAVA_HOME/bin/java" "$want"; then
    printf '%s\n' "$JAVA_HOME/bin/java"
    return 0
  fi
  for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [[ -x "$candidate" ]] || continue
    if [[ "$want" == --jdk && ! -x "${candidate%/java}/javac" ]]; then
      continue
    fi
    major=$(cfn_java_major "$candidate") || continue
    if ((major >= CFN_JAVA_MIN_MAJOR && major > best_major)); then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  if path_java=$(command -v java 2>/dev/null) && cfn_java_ok "$path_java" "$want"; then
    printf '%s\n' "$path_java"
    return 0
  fi
  return 1
}

# cfn_java_missing WHAT [--jdk]: the one-line message for when cfn_find_java found nothing.
cfn_java_missing() {
  if [[ "${2:-}" == --jdk ]]; then
    printf '%s needs a JDK 21 or newer and found none (JAVA_HOME, /usr/lib/jvm, PATH): install one (apt-get install openjdk-21-jdk-headless, or Temurin 21+) or set JAVA_HOME to it\n' "$1"
  else
    printf '%s needs Java 21 or newer and found none (JAVA_HOME, /usr/lib/jvm, PATH): install one (apt-get install openjdk-21-jre-headless, or Temurin 21+) or set JAVA_HOME to it\n' "$1"
  fi
}
