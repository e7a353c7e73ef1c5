#!/usr/bin/env bash
# Brings up a Docker engine where none answers. On Debian/Ubuntu as root it installs docker.io
# and starts dockerd in the background; elsewhere it says what to do.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/detach.sh"
log() { printf '%s ensure-docker: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

if engine_answers; then
  log "Docker engine already answers"
  exit 0
fi

if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
  log "DOCKER_HOST=${DOCKER_HOST} does not answer; start that engine or unset DOCKER_HOST"
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "no Docker engine answers and dockerd is not installed."
    log "Install Docker Engine (https://docs.docker.com/engine/install/) and start it, then retry."
    exit 1
  fi
  log "installing docker.io with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq docker.io >&2
fi

if ! engine_answers; then
  if [[ $(id -u) -ne 0 ]]; then
    log "dockerd is installed but not running; start it (sudo systemctl start docker) and retry"
    exit 1
  fi
  log "starting dockerd in the background (log: /var/log/cfn-dockerd.log)"
  # The installed CLI may be newer than the engine; a stale pid file blocks a restart.
  rm -f /var/run/docker.pid
  # The previous engine's log is kept: it says why that engine died, when it did.
  [[ ! -s /var/log/cfn-dockerd.log ]] || mv -f /var/log/cfn-dockerd.log /var/log/cfn-dockerd.log.1
  (
    cfn_close_extra_fds
    exec nohup dockerd </dev/null >/var/log/cfn-dockerd.log 2>&1
  ) &
  for _ in $(seq 1 60); do
    if engine_answers; then break; fi
    sleep 1
  done
fi

if ! engine_answers; then
  log "dockerd did not answer within 60 s; see /var/log/cfn-dockerd.log"
  tail -n 20 /var/log/cfn-dockerd.log >&2 || true
  exit 1
fi
log "Docker engine answers: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
