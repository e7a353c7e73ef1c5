#!/usr/bin/env bash
# The project's test command: brings up Docker, builds the test images, then runs `mvn verify`
# (unit tests with Surefire, *IT integration tests against the real daemon with Failsafe) with a
# JDK 21+. Extra arguments go to mvn, e.g. scripts/test.sh -Dit.test=SpawnIT.
#
# Afterwards it removes any container labelled cfn.managed=true that appeared during the run and
# fails if there was one: tests must clean up after themselves, and this catches the ones that
# don't. Containers that were already there before the run are left alone.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/lib/maven.sh
source "$ROOT/scripts/lib/maven.sh"
# shellcheck source=SCRIPTDIR/lib/engine-health.sh
source "$ROOT/scripts/lib/engine-health.sh"
log() { printf '%s test: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
cd "$ROOT"

cfn_maven_setup scripts/test.sh --install-maven || exit 2

# The spec's example scripts (run by SkillScriptsIT) read JSON with jq.
if ! command -v jq >/dev/null 2>&1 && ! cfn_apt_install jq; then
  log "jq is needed by the spec's example scripts: apt-get install jq"
  exit 2
fi

# LogFloodIT measures the peak RSS of a cleanup with GNU time.
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing time with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq time >&2 || { apt-get update -qq >&2; apt-get install -y -qq time >&2; }
  else
    log "/usr/bin/time is needed by LogFloodIT: apt-get install time"
    exit 2
  fi
fi

# The report tests validate junit.xml with xmllint (libxml2-utils) and open report.html in
# headless Chromium.
for need in xmllint:libxml2-utils chromium:chromium; do
  if ! command -v "${need%%:*}" >/dev/null 2>&1 && ! cfn_apt_install "${need#*:}"; then
    log "${need%%:*} is needed by the report tests: apt-get install ${need#*:}"
    exit 2
  fi
done

# SwarmRigIT brings up a three-node swarm on this machine with scripts/swarm-rig.sh: network
# namespaces and veth pairs (iproute2), FORWARD/INPUT rules (iptables), nsenter (util-linux).
for need in ip:iproute2 iptables:iptables nsenter:util-linux; do
  if ! command -v "${need%%:*}" >/dev/null 2>&1 && ! cfn_apt_install "${need#*:}"; then
    log "${need%%:*} is needed by the swarm test rig: apt-get install ${need#*:}"
    exit 2
  fi
done

# InstallIT installs the release archive into a temporary HOME: it reads the man pages with man
# (man-db), loads the zsh completion (zsh) and installs the skill into a fresh repository (git).
for need in man:man-db zsh:zsh git:git; do
  if ! command -v "${need%%:*}" >/dev/null 2>&1 && ! cfn_apt_install "${need#*:}"; then
    log "${need%%:*} is needed by InstallIT: apt-get install ${need#*:}"
    exit 2
  fi
done

bash scripts/ensure-docker.sh
# Docker 20.10 before 20.10.27 can wedge (moby/moby#46661): every test would then fail or hang
# for reasons of its own. Keep the engine's goroutine dump and restart it instead.
wedges="$ROOT/.artifacts/engine-wedge"
rm -f "$wedges/wedged"
cfn_engine_recover_if_wedged "$wedges" || true
bash scripts/build-images.sh

managed() { docker ps -aq --no-trunc --filter label=cfn.managed=true | sort; }
before=$(managed)
if [[ -n "$before" ]]; then
  log "note: $(wc -l <<<"$before") container(s) labelled cfn.managed=true existed before the tests; they are left alone"
fi

# EngineFaultsIT pauses dockerd with SIGSTOP and resumes it itself, also from a JVM shutdown hook;
# should the JVM be killed outright, this resumes it so the engine is never left frozen.
resume_engine() { [[ -f /var/run/docker.pid ]] && kill -CONT "$(cat /var/run/docker.pid)" 2>/dev/null || true; }
# SwarmRigIT takes its swarm rig down itself; should the JVM be killed, this does, so the host
# engine never stays a swarm manager. Also run before the tests, after a run killed outright.
rig_down() { [[ $(id -u) -ne 0 ]] || bash scripts/swarm-rig.sh down >/dev/null 2>&1 || log "scripts/swarm-rig.sh down failed: run it by hand"; }
# Watches for a wedge while the tests run (restarts the engine, notes it in $wedges/wedged).
cfn_engine_watch $$ "$wedges" &
watcher=$!
trap 'kill "$watcher" 2>/dev/null || true; resume_engine; rig_down' EXIT
rig_down

log "mvn verify with JAVA_HOME=$JAVA_HOME"
status=0
engine_pid=$(cat /var/run/docker.pid 2>/dev/null || true)
mvn -B --no-transfer-progress verify "$@" || status=$?
kill "$watcher" 2>/dev/null || true
resume_engine
# Docker 20.10.24's swarmkit can panic and take the host engine down while the Swarm tests remove
# services (a nil task in SetServiceTasksRemove; SwarmBackend.dispose avoids the known trigger).
# Every test after it then fails for the engine's sake: keep the engine's log, start it again and
# run once more the integration test classes that failed, saying so.
engine_died() {
  [[ -n "$engine_pid" ]] && ! kill -0 "$engine_pid" 2>/dev/null &&
    { ! docker info >/dev/null 2>&1 || grep -q '^panic:' /var/log/cfn-dockerd.log 2>/dev/null; }
}
if [[ $status -ne 0 ]] && engine_died; then
  crashes="$ROOT/.artifacts/engine-crash"
  mkdir -p "$crashes"
  crash_log="$crashes/dockerd-$(date -u +%Y%m%dT%H%M%SZ).log"
  cp /var/log/cfn-dockerd.log "$crash_log" 2>/dev/null || true
  log "the ENGINE DIED during the tests: $(grep -m1 '^panic:' "$crash_log" 2>/dev/null || echo 'no panic in its log') (log: $crash_log)"
  rig_down
  bash scripts/ensure-docker.sh
  docker swarm leave --force >/dev/null 2>&1 || true
  failed=$(grep -l -E '(FAILURE|ERROR)!' target/failsafe-reports/*IT.txt 2>/dev/null |
    sed 's|.*/||; s|\.txt$||; s|.*\.||' | paste -sd, -)
  if [[ -n "$failed" ]]; then
    log "running again the integration test classes that failed: $failed"
    status=0
    mvn -B --no-transfer-progress verify "$@" -Dit.test="$failed" -Dtest=NoSuchTest \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false || status=$?
  fi
fi
if cfn_engine_recover_if_wedged "$wedges"; then
  echo "after the tests" >>"$wedges/wedged"
fi
if [[ -f "$wedges/wedged" ]]; then
  log "the engine WEDGED during the tests (Docker 20.10 libnetwork deadlock, moby/moby#46661) and was restarted; failures above may be its doing, not the code's: run the tests again. Goroutine dumps: $wedges"
fi

leaked=$(comm -13 <(printf '%s\n' "$before" | sed '/^$/d') <(managed | sed '/^$/d'))
if [[ -n "$leaked" ]]; then
  log "LEAK: the tests left $(wc -l <<<"$leaked") container(s) labelled cfn.managed=true behind:"
  while IFS= read -r id; do
    docker inspect --format '  {{.Name}} {{.State.Status}} {{range $k, $v := .Config.Labels}}{{$k}}={{$v}} {{end}}' "$id" >&2 || true
  done <<<"$leaked"
  # shellcheck disable=SC2086 # one id per word
  docker rm -f $leaked >/dev/null || log "could not remove all of them"
  log "removed them; failing the run because tests must clean up after themselves"
  [[ $status -ne 0 ]] || status=1
fi

if [[ $status -eq 0 ]]; then
  log "all tests passed"
else
  log "FAILED (exit $status)"
fi
exit "$status"
