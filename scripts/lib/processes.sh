# shellcheck shell=bash
# Stopping processes the scripts started: dockerd (host, compat, rig workers) and what they leave.

# Sends SIGNAL to PIDS and waits up to SECONDS in all for them to end.
cfn_stop_pids() {
  local signal=$1 limit=$2 pid deadline
  shift 2
  (($# > 0)) || return 0
  kill "-$signal" "$@" 2>/dev/null || true
  deadline=$((SECONDS + limit))
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  done
}

# Stops a dockerd: resumed first (a paused one cannot stop), SIGTERM, SIGKILL after 30 s (a wedged
# one may not stop by itself).
cfn_stop_dockerd() {
  local pid=$1
  kill -CONT "$pid" 2>/dev/null || true
  cfn_stop_pids TERM 30 "$pid"
  if kill -0 "$pid" 2>/dev/null; then
    printf '%s dockerd (pid %s) did not stop within 30 s: SIGKILL\n' "$(date -u +%H:%M:%S)" "$pid" >&2
    cfn_stop_pids KILL 2 "$pid"
  fi
}
