# shellcheck shell=bash
# Sourced by scripts that run many containers on the local engine (scripts/test.sh, bench/run.sh,
# bench/engine-wedge.sh): tell a wedged engine from a slow one, keep its goroutine dump, restart it.
#
# A wedged engine (Docker 20.10 before 20.10.27, moby/moby#46661: a lock-order inversion in
# libnetwork) still answers /_ping and `docker ps`, but `docker inspect` of a container hangs for
# good. Restarting dockerd is the only way out. Callers that restart the host engine must hold
# /tmp/cfn-it.lock (other tests share it).

# shellcheck source=SCRIPTDIR/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/detach.sh"
# shellcheck source=SCRIPTDIR/processes.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/processes.sh"

CFN_ENGINE_PROBE_SECONDS=${CFN_ENGINE_PROBE_SECONDS:-10}
# The engine these functions look after: the host's dockerd unless a caller that runs another one
# (scripts/test.sh --engine 20.10: scripts/compat-engine.sh) names its pid file, its exec root
# (where SIGUSR1's goroutine dump goes) and the command that starts it again.
CFN_ENGINE_PIDFILE=${CFN_ENGINE_PIDFILE:-/var/run/docker.pid}
CFN_ENGINE_EXEC_ROOT=${CFN_ENGINE_EXEC_ROOT:-/var/run/docker}
CFN_ENGINE_START=${CFN_ENGINE_START:-}

_cfn_engine_log() { printf '%s engine: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# The local dockerd's pid, or nothing.
cfn_engine_pid() {
  [[ -f "$CFN_ENGINE_PIDFILE" ]] && cat "$CFN_ENGINE_PIDFILE" 2>/dev/null
}

# Succeeds when the engine does not answer a container inspect within CFN_ENGINE_PROBE_SECONDS
# although it runs: it is wedged. Probes the given containers, else up to three it lists. An engine
# with no container, or that answers, is not wedged; one that does not list is hung (wedged too).
# shellcheck disable=SC2120 # callers may name the containers to probe
cfn_engine_wedged() {
  local probe=${CFN_ENGINE_PROBE_SECONDS} ids id rc=0
  if [[ $# -gt 0 ]]; then
    ids=$(printf '%s\n' "$@")
  else
    ids=$(timeout "$probe" docker ps -aq 2>/dev/null) || rc=$?
    # No answer at all: down (refused) is not wedged, hung is.
    if [[ $rc -ne 0 ]]; then
      [[ $rc -eq 124 ]]
      return
    fi
  fi
  for id in $(head -n 3 <<<"$ids"); do
    rc=0
    timeout "$probe" docker inspect --format '{{.Id}}' "$id" >/dev/null 2>&1 || rc=$?
    if [[ $rc -eq 124 ]]; then
      return 0
    fi
  done
  return 1
}

# Asks dockerd for a goroutine dump (SIGUSR1; it writes goroutine-stacks-*.log under
# the exec root, /var/run/docker/) and copies the new one into the folder given; prints the copy's path.
cfn_engine_dump() {
  local into=$1 pid dump
  pid=$(cfn_engine_pid) || true
  [[ -n "$pid" ]] || { _cfn_engine_log "no $CFN_ENGINE_PIDFILE: no goroutine dump"; return 1; }
  mkdir -p "$into"
  local marker
  marker=$(mktemp)
  kill -USR1 "$pid"
  for _ in $(seq 1 20); do
    dump=$(find "$CFN_ENGINE_EXEC_ROOT" -maxdepth 1 -name 'goroutine-stacks-*.log' -newer "$marker" 2>/dev/null | head -n 1)
    [[ -n "$dump" ]] && break
    sleep 0.5
  done
  rm -f "$marker"
  [[ -n "$dump" ]] || { _cfn_engine_log "dockerd wrote no goroutine dump"; return 1; }
  sleep 1 # the dump is written in one go, but give it time to finish
  cp "$dump" "$into/" && printf '%s\n' "$into/$(basename -- "$dump")"
}

# Stops the local dockerd (SIGTERM, SIGKILL after 30 s: a wedged one may not stop by itself) and
# starts it again with scripts/ensure-docker.sh (or CFN_ENGINE_START). For the host engine, only
# while holding /tmp/cfn-it.lock.
cfn_engine_restart() {
  local root pid
  root=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
  pid=$(cfn_engine_pid) || true
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    _cfn_engine_log "stopping dockerd (pid $pid)"
    cfn_stop_dockerd "$pid"
  fi
  if [[ -n "$CFN_ENGINE_START" ]]; then
    (cd "$root" && eval "$CFN_ENGINE_START")
  else
    bash "$root/scripts/ensure-docker.sh"
  fi
}

# When the engine is wedged: says so, keeps the goroutine dump under the folder given, restarts
# the engine. Succeeds when it was wedged (and restarted).
cfn_engine_recover_if_wedged() {
  local into=$1 dump
  # shellcheck disable=SC2119 # probes what the engine lists
  cfn_engine_wedged || return 1
  _cfn_engine_log "the engine is wedged: it runs but a container inspect does not answer within ${CFN_ENGINE_PROBE_SECONDS} s (Docker 20.10 before 20.10.27: moby/moby#46661)"
  if [[ $(id -u) -ne 0 ]]; then
    _cfn_engine_log "not root: restart dockerd by hand (sudo systemctl restart docker)"
    return 0
  fi
  if dump=$(cfn_engine_dump "$into"); then
    _cfn_engine_log "goroutine dump saved as $dump"
  fi
  _cfn_engine_log "restarting dockerd"
  cfn_engine_restart
  return 0
}

# Watches the engine while process PID runs (in the background: `cfn_engine_watch PID DIR &`):
# every 30 s it probes; wedged at three probes in a row (a minute: longer than any pause a test
# puts the engine through on purpose), it saves the dump under DIR, restarts the engine and writes
# DIR/wedged, so that the caller can say why its run failed or was disturbed.
cfn_engine_watch() {
  local pid=$1 into=$2 strikes=0 nap=
  # Killed, it takes its sleep with it: a sleep left behind would hold the caller's stdout open.
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30 &
    nap=$!
    wait "$nap"
    kill -0 "$pid" 2>/dev/null || return 0
    if cfn_engine_wedged; then
      strikes=$((strikes + 1))
    else
      strikes=0
    fi
    if ((strikes >= 3)) && cfn_engine_recover_if_wedged "$into"; then
      mkdir -p "$into" && date -u +%FT%TZ >>"$into/wedged"
      strikes=0
    fi
  done
}
