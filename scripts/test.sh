#!/usr/bin/env bash
# The project's test command: brings up Docker, builds the test images, then runs `mvn verify`
# (unit tests with Surefire, *IT integration tests against the real daemon with Failsafe) with a
# JDK 21+. Extra arguments go to mvn, e.g. scripts/test.sh -Dit.test=SpawnIT.
#
# --engine ENGINE (or CFN_TEST_ENGINE=ENGINE) chooses the engine of the run, the test leg:
#   current  (default) the host engine, brought up by scripts/ensure-docker.sh; the whole suite.
#   20.10    Debian 12's Engine 20.10 beside it (scripts/compat-engine.sh: its own data root and
#            socket); the Swarm rig's manager and workers run that engine too. Without -Dit.test,
#            the compat leg's tests (CFN_LEG_20_10_TESTS): SpawnIT, MonitorIT, CleanupIT,
#            SkillScriptsIT, RunIT, EngineWedgeIT, SwarmBackendContractIT, SwarmNetworkIT,
#            SwarmMixedVersionsIT (a current manager, 20.10 workers); no unit tests (they
#            run on current).
#   podman   Podman's Docker API service (scripts/ensure-podman.sh). Without -Dit.test, its leg's
#            tests (CFN_LEG_PODMAN_TESTS): SpawnIT, MonitorIT, CleanupIT, RunIT.
# The tests reach the leg's engine through DOCKER_HOST; there, a test fails after
# CFN_LEG_TEST_TIMEOUT (60s) rather than hang. An engine the leg started is taken down
# when it ends (also on failure); one that already answered is left as it was. The leg's Failsafe
# reports are kept in .artifacts/test-legs/ENGINE/.
#
# The current leg also brings up the test registry (scripts/ensure-registry.sh, as root; see
# docs/test-registry.md): it exports the CFN_TEST_REGISTRY* lines of its `env` for the tests,
# pushes the images they pull (CFN_TEST_REGISTRY_IMAGES: cfn-wave/busybox:latest as
# cfn-test/busybox:1, cfn-wave/test-agent:latest as cfn-test/test-agent:1) with a throw-away
# DOCKER_CONFIG, and takes the registry down when the leg ends if it started it.
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

# The compat leg: the seed's drop-in contract, run, the wedge test and the Swarm contract.
LEG_20_10_TESTS=${CFN_LEG_20_10_TESTS:-SpawnIT,MonitorIT,CleanupIT,SkillScriptsIT,RunIT,EngineWedgeIT,SwarmBackendContractIT,SwarmNetworkIT,SwarmMixedVersionsIT}
# The Podman leg: the drop-in contract and run.
LEG_PODMAN_TESTS=${CFN_LEG_PODMAN_TESTS:-SpawnIT,MonitorIT,CleanupIT,RunIT}
# What the current leg pushes to the test registry: LOCAL=REPOSITORY:TAG pairs.
REGISTRY_IMAGES=${CFN_TEST_REGISTRY_IMAGES:-cfn-wave/busybox:latest=cfn-test/busybox:1 cfn-wave/test-agent:latest=cfn-test/test-agent:1}

engine=${CFN_TEST_ENGINE:-current}
mvn_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --engine) engine=${2:?--engine needs current, 20.10 or podman}; shift 2 ;;
    --engine=*) engine=${1#--engine=}; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) mvn_args+=("$1"); shift ;;
  esac
done
case $engine in
  current | 20.10 | podman) ;;
  *) log "unknown engine '$engine': current, 20.10 or podman"; exit 2 ;;
esac
set -- "${mvn_args[@]+"${mvn_args[@]}"}"
if [[ $engine != current && "$*" != *-Dit.test=* ]]; then
  leg_tests=$LEG_PODMAN_TESTS
  [[ $engine == podman ]] || leg_tests=$LEG_20_10_TESTS
  set -- "$@" "-Dit.test=$leg_tests" -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
fi
# On the other engines a test can hang where the code does not handle the engine yet (Podman: run
# waits for good); it then fails after CFN_LEG_TEST_TIMEOUT (JUnit's default timeout, in a thread
# of its own so that a call that ignores interrupts cannot hold it), and the leg goes on.
if [[ $engine != current && "$*" != *junit.jupiter.execution.timeout.default* ]]; then
  set -- "$@" "-Djunit.jupiter.execution.timeout.default=${CFN_LEG_TEST_TIMEOUT:-60s}" \
    -Djunit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD
fi

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

# ManPagesTest renders every man page with man and groff (man-db, groff-base). InstallIT installs
# the release archive into a temporary HOME: it reads the man pages with man, loads the zsh
# completion (zsh) and installs the skill into a fresh repository (git).
for need in man:man-db groff:groff-base zsh:zsh git:git; do
  if ! command -v "${need%%:*}" >/dev/null 2>&1 && ! cfn_apt_install "${need#*:}"; then
    log "${need%%:*} is needed by ManPagesTest and InstallIT: apt-get install ${need#*:}"
    exit 2
  fi
done

# The leg's engine. CFN_ENGINE_LOG: its log, kept should it die during the tests.
engine_down=
CFN_ENGINE_LOG=/var/log/cfn-dockerd.log
case $engine in
  current)
    if [[ -n "${DOCKER_HOST:-}" && "$DOCKER_HOST" != unix:///var/run/docker.sock ]]; then
      log "note: DOCKER_HOST=$DOCKER_HOST: the tests run on that engine"
    fi
    bash scripts/ensure-docker.sh
    ;;
  20.10)
    bash scripts/compat-engine.sh status >/dev/null 2>&1 || engine_down="bash scripts/compat-engine.sh down"
    bash scripts/compat-engine.sh up
    eval "$(bash scripts/compat-engine.sh env)"
    export DOCKER_HOST
    # Its pid file, goroutine dumps and restart for the wedge watch; its dockerd and containerd for
    # the Swarm rig, whose manager it is.
    export CFN_ENGINE_PIDFILE=/run/cfn-compat/docker.pid CFN_ENGINE_EXEC_ROOT=/run/cfn-compat/exec
    export CFN_ENGINE_START="bash scripts/compat-engine.sh up"
    export CFN_RIG_MANAGER=$DOCKER_HOST
    export CFN_RIG_PATH=${CFN_COMPAT_DIR:-/opt/cfn-engines/docker-20.10}/usr/bin:${CFN_COMPAT_DIR:-/opt/cfn-engines/docker-20.10}/usr/sbin
    CFN_ENGINE_LOG=/var/log/cfn-compat-dockerd.log
    ;;
  podman)
    bash scripts/ensure-podman.sh status >/dev/null 2>&1 || engine_down="bash scripts/ensure-podman.sh down"
    bash scripts/ensure-podman.sh up
    eval "$(bash scripts/ensure-podman.sh env)"
    export DOCKER_HOST
    # No dockerd: no wedge watch, no goroutine dumps.
    export CFN_ENGINE_PIDFILE=/nonexistent
    CFN_ENGINE_LOG=/var/log/cfn-podman.log
    ;;
esac
leg_engine=$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo unknown)
log "engine '$engine': $leg_engine at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
# Docker 20.10 before 20.10.27 can wedge (moby/moby#46661): every test would then fail or hang
# for reasons of its own. Keep the engine's goroutine dump and restart it instead.
wedges="$ROOT/.artifacts/engine-wedge"
rm -f "$wedges/wedged"
[[ $engine == podman ]] || cfn_engine_recover_if_wedged "$wedges" || true
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
rig_down() {
  [[ $(id -u) -ne 0 || $engine == podman ]] || bash scripts/swarm-rig.sh down >/dev/null 2>&1 || log "scripts/swarm-rig.sh down failed: run it by hand"
}
# The leg's own engine goes down when the leg ends, also on failure, if the leg brought it up.
leg_engine_down() {
  [[ -z "$engine_down" ]] || $engine_down || log "$engine_down failed: run it by hand"
}
# The test registry too (the current leg brings it up below).
registry_down=
leg_registry_down() {
  [[ -z "$registry_down" ]] || $registry_down || log "$registry_down failed: run it by hand"
}
# Brings the test registry up, exports its env lines and pushes REGISTRY_IMAGES to it. A failure
# is logged, not fatal: the registry tests then fail and say that CFN_TEST_REGISTRY is missing.
registry_up() {
  if [[ $(id -u) -ne 0 ]]; then
    log "not root: no test registry (scripts/ensure-registry.sh needs root); the registry tests will fail"
    return 0
  fi
  bash scripts/ensure-registry.sh status >/dev/null 2>&1 || registry_down="bash scripts/ensure-registry.sh down"
  local lines line
  if ! bash scripts/ensure-registry.sh up || ! lines=$(bash scripts/ensure-registry.sh env); then
    log "the test registry did not come up (log: /var/log/cfn-registry.log); the registry tests will fail"
    return 0
  fi
  while IFS= read -r line; do
    [[ "$line" == CFN_TEST_REGISTRY*=* ]] && export "${line?}"
  done <<<"$lines"
  push_registry_images || log "pushing the test images to the test registry failed; the registry tests will fail"
}
# With a DOCKER_CONFIG of its own, removed after: root's ~/.docker/config.json never holds the test
# credentials. The local tags go again, so that a test's pull really pulls.
push_registry_images() {
  local config pair target failed=0
  config=$(mktemp -d)
  docker --config "$config" login -u "$CFN_TEST_REGISTRY_USER" --password-stdin "$CFN_TEST_REGISTRY" \
    <<<"$CFN_TEST_REGISTRY_PASSWORD" >/dev/null 2>&1 || failed=1
  for pair in $REGISTRY_IMAGES; do
    ((failed == 0)) || break
    target=$CFN_TEST_REGISTRY/${pair#*=}
    if docker tag "${pair%%=*}" "$target" && docker --config "$config" push -q "$target" >/dev/null; then
      log "pushed ${pair%%=*} as $target"
    else
      failed=1
    fi
    docker rmi "$target" >/dev/null 2>&1 || true
  done
  rm -rf "$config"
  return "$failed"
}
# Watches for a wedge while the tests run (restarts the engine, notes it in $wedges/wedged).
watcher=
if [[ $engine != podman ]]; then
  cfn_engine_watch $$ "$wedges" &
  watcher=$!
fi
trap 'kill "$watcher" 2>/dev/null || true; resume_engine; rig_down; leg_registry_down; leg_engine_down' EXIT
rig_down
[[ $engine != current ]] || registry_up

log "mvn verify with JAVA_HOME=$JAVA_HOME on engine '$engine' ($leg_engine)${*:+: $*}"
status=0
engine_pid=$(cfn_engine_pid || true)
# Failsafe leaves the reports of earlier runs' classes in place: only this run's may be read below
# and kept as this leg's.
rm -rf target/failsafe-reports
mvn -B --no-transfer-progress verify "$@" || status=$?
kill "$watcher" 2>/dev/null || true
resume_engine
# Docker 20.10.24's swarmkit can panic and take the host engine down while the Swarm tests remove
# services (a nil task in SetServiceTasksRemove; SwarmBackend.dispose avoids the known trigger).
# Every test after it then fails for the engine's sake: keep the engine's log, start it again and
# run once more the integration test classes that failed, saying so.
engine_died() {
  [[ -n "$engine_pid" ]] && ! kill -0 "$engine_pid" 2>/dev/null &&
    { ! docker info >/dev/null 2>&1 || grep -q '^panic:' "$CFN_ENGINE_LOG" 2>/dev/null; }
}
if [[ $status -ne 0 ]] && engine_died; then
  crashes="$ROOT/.artifacts/engine-crash"
  mkdir -p "$crashes"
  crash_log="$crashes/dockerd-$(date -u +%Y%m%dT%H%M%SZ).log"
  cp "$CFN_ENGINE_LOG" "$crash_log" 2>/dev/null || true
  log "the ENGINE DIED during the tests: $(grep -m1 '^panic:' "$crash_log" 2>/dev/null || echo 'no panic in its log') (log: $crash_log)"
  rig_down
  if [[ -n "$CFN_ENGINE_START" ]]; then eval "$CFN_ENGINE_START"; else bash scripts/ensure-docker.sh; fi
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
if [[ $engine != podman ]] && cfn_engine_recover_if_wedged "$wedges"; then
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

# Each leg's reports, kept apart: the next leg's mvn verify writes over target/failsafe-reports.
legs="$ROOT/.artifacts/test-legs/$engine"
rm -rf "$legs"
mkdir -p "$legs"
cp -r target/failsafe-reports "$legs/" 2>/dev/null || true
printf '%s\n' "$leg_engine" >"$legs/engine"

if [[ $status -eq 0 ]]; then
  log "all tests passed"
else
  log "FAILED (exit $status)"
fi
exit "$status"
