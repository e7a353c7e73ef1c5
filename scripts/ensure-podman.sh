#!/usr/bin/env bash
# Podman's Docker-compatible API service, as users on RHEL-like CI hosts run it, for the Podman
# test leg (scripts/test.sh --engine podman).
#
#   up      installs podman with apt-get unless present (Debian 12: Podman 4.3, API 1.41); makes
#           sure its default ulimits fit this machine's hard limits (see below); starts
#           `podman system service --time=0 unix:///run/cfn-podman/podman.sock` in the background
#           (log: /var/log/cfn-podman.log) and waits until `docker -H` that socket answers.
#           Safe to repeat: a service that answers is kept.
#   down    stops the service (by its pid file) and the containers it still runs (cfn-wave's).
#   env     prints `export DOCKER_HOST=unix:///run/cfn-podman/podman.sock`.
#   status  prints the version it answers with and exits 0, else exits 1.
#
# Ulimits: as root, Podman gives every container nofile and nproc limits above this machine's hard
# limits and runc then refuses to start anything ("error setting rlimit type 7: operation not
# permitted"). up writes /etc/containers/containers.conf with
#   [containers] default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
# (nofile capped at the hard limit when that is lower) unless default_ulimits is already
# configured there, and says which it did.
# Events: at events_logfile_max_size (1m by default) Podman deletes its event log, and every event
# stream open at that moment (a test's, the Docker API's /events) receives nothing more; one test
# leg writes about that much. up sets [engine] events_logfile_max_size = "256m" the same way.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=SCRIPTDIR/lib/processes.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/processes.sh"

RUN=/run/cfn-podman
SOCK=$RUN/podman.sock
HOST=unix://$SOCK
PIDFILE=$RUN/service.pid
LOG=/var/log/cfn-podman.log
CONF=/etc/containers/containers.conf
TIMEOUT=${CFN_PODMAN_TIMEOUT:-60}

log() { printf '%s ensure-podman: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

answers() { timeout 10 docker -H "$HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
version() { docker -H "$HOST" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null; }
need_root() { [[ $(id -u) -eq 0 ]] || die "this script runs Podman as root; rootless Podman: podman system service yourself and point DOCKER_HOST at it"; }

install_podman() {
  command -v podman >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "podman is not installed and there is no apt-get: install Podman, then retry"
  log "installing podman with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq podman >&2 || { apt-get update -qq >&2 && apt-get install -y -qq podman >&2; } ||
    die "apt-get install podman failed"
  log "installed podman $(dpkg-query -W -f '${Version}' podman 2>/dev/null)"
}

# Adds "KEY = VALUE" to section [SECTION] of $CONF unless KEY is already set there; says why.
conf_set() {
  local section=$1 key=$2 value=$3 why=$4
  if [[ -f "$CONF" ]] && grep -Eq "^[[:space:]]*$key[[:space:]]*=" "$CONF"; then
    log "$CONF already sets $key: left as it is ($(grep -E "^[[:space:]]*$key" "$CONF" | head -n 1 | sed 's/^[[:space:]]*//'))"
    return 0
  fi
  local line="$key = $value" comment="# Added by cfn-wave's scripts/ensure-podman.sh: $why"
  mkdir -p "${CONF%/*}"
  if [[ -f "$CONF" ]] && grep -Eq "^[[:space:]]*\[$section\]" "$CONF"; then
    SECTION="[$section]" COMMENT="$comment" LINE="$line" perl -0pi -e \
      's/^[ \t]*\Q$ENV{SECTION}\E[ \t]*\n/$ENV{SECTION}\n$ENV{COMMENT}\n$ENV{LINE}\n/m' "$CONF"
  else
    printf '\n[%s]\n%s\n%s\n' "$section" "$comment" "$line" >>"$CONF"
  fi
  log "wrote $CONF: [$section] $line ($why)"
}

configure() {
  local nofile=20000 hard
  hard=$(ulimit -Hn)
  [[ "$hard" == unlimited ]] || ((hard >= nofile)) || nofile=$hard
  conf_set containers default_ulimits "[\"nofile=$nofile:$nofile\", \"nproc=4096:4096\"]" \
    "Podman's defaults exceed this machine's hard limits."
  conf_set engine events_logfile_max_size '"256m"' \
    "at its size limit (1m by default) Podman deletes its event log, which ends every event stream then open."
}

start_service() {
  mkdir -p "$RUN"
  [[ ! -s "$LOG" ]] || mv -f "$LOG" "$LOG.1"
  log "starting podman system service --time=0 $HOST (log: $LOG)"
  (
    cfn_close_extra_fds
    exec setsid podman system service --time=0 "$HOST" </dev/null >"$LOG" 2>&1
  ) &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + TIMEOUT))
  until answers; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOG" >&2 || true
      die "podman system service did not answer on $HOST within $TIMEOUT s (log: $LOG)"
    fi
    sleep 0.5
  done
}

up() {
  need_root
  if answers; then
    log "Podman already answers on $HOST: $(version)"
    return 0
  fi
  install_podman
  configure
  start_service
  log "Podman up: $(version) on $HOST"
}

down() {
  need_root
  local pid ids
  if answers; then
    # What cfn-wave or its tests left running would otherwise outlive the service (Podman has no
    # daemon: its containers run on without it).
    ids=$(docker -H "$HOST" ps -q --filter label=cfn.managed=true 2>/dev/null || true)
    if [[ -n "$ids" ]]; then
      log "stopping $(wc -l <<<"$ids") cfn-wave container(s) still running"
      # shellcheck disable=SC2086 # one id per word
      docker -H "$HOST" stop -t 5 $ids >/dev/null 2>&1 || true
    fi
  fi
  if pid=$(cat "$PIDFILE" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
    log "stopping podman system service ($pid)"
    cfn_stop_pids TERM 10 "$pid"
    cfn_stop_pids KILL 2 "$pid"
  fi
  rm -rf "$RUN"
  log "Podman service down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export DOCKER_HOST=$HOST" ;;
  status)
    if answers; then version; else
      log "Podman does not answer on $HOST"
      exit 1
    fi
    ;;
  *)
    echo "usage: scripts/ensure-podman.sh up|down|env|status" >&2
    exit 2
    ;;
esac
