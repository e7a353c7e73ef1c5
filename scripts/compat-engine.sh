#!/usr/bin/env bash
# The compat engine: Debian 12's Docker Engine 20.10 (API 1.41), run beside the host's engine
# and sharing nothing with it, for the 20.10 test leg (scripts/test.sh --engine 20.10).
#
#   up      unless present, fetches Debian 12's docker.io 20.10.24 and containerd 1.6 packages
#           (apt-get download docker.io/bookworm containerd/bookworm) and extracts them into
#           $CFN_COMPAT_DIR (/opt/cfn-engines/docker-20.10), without installing them; then starts
#           that dockerd with its own data root (/var/lib/cfn-compat), exec root, pid file and
#           socket (/run/cfn-compat/docker.sock), its own managed containerd (1.6, from the same
#           folder), its own cgroup parent (/cfn-compat) and its own bridge (cfn-compat0,
#           10.215.0.1/24; user networks from 10.215.0.0/16; --iptables=false, so it never touches
#           the host engine's rules: one FORWARD rule, tagged cfn-compat, lets its networks talk).
#           Safe to repeat: an engine that answers is kept. Log: /var/log/cfn-compat-dockerd.log.
#   down    stops it (by its pid file) and removes what up made but the data root and the
#           extracted packages (kept: images need not be built again). Safe when nothing is up.
#   purge   down, then removes the data root too.
#   env     prints `export DOCKER_HOST=unix:///run/cfn-compat/docker.sock`.
#   status  prints the engine's version and exits 0 when it answers, else exits 1.
# Needs root, apt-get (a Debian 12 apt source), ip (iproute2) and iptables. Logs go to stderr.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=SCRIPTDIR/lib/processes.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/processes.sh"

DIR=${CFN_COMPAT_DIR:-/opt/cfn-engines/docker-20.10}
STATE=${CFN_COMPAT_STATE:-/var/lib/cfn-compat}
RUN=/run/cfn-compat
SOCK=$RUN/docker.sock
HOST=unix://$SOCK
PIDFILE=$RUN/docker.pid
LOG=/var/log/cfn-compat-dockerd.log
BRIDGE=cfn-compat0
BRIDGE_ADDR=10.215.0.1/24
POOL=10.215.0.0/16
# docker_gwbridge of this engine (made before a swarm init, so that it never takes the host
# engine's bridge name).
GW_BRIDGE=cfn-compat-gw
GW_SUBNET=10.215.255.0/24
CGROUP=cfn-compat
TAG=cfn-compat
TIMEOUT=${CFN_COMPAT_TIMEOUT:-60}

log() { printf '%s compat-engine: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

cdocker() { docker -H "$HOST" "$@"; }
answers() { timeout 10 docker -H "$HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
version() { docker -H "$HOST" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null; }

need_root() { [[ $(id -u) -eq 0 ]] || die "the compat engine needs root"; }

# Debian 12's packages, extracted (not installed) into $DIR.
fetch_packages() {
  [[ -x "$DIR/usr/sbin/dockerd" && -x "$DIR/usr/bin/containerd" ]] && return 0
  command -v apt-get >/dev/null 2>&1 || die "apt-get is needed to fetch Debian 12's docker.io"
  local tmp deb
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt's _apt user writes there
  log "fetching Debian 12's docker.io and containerd (apt-get download docker.io/bookworm containerd/bookworm)"
  if ! (cd "$tmp" && apt-get download -q docker.io/bookworm containerd/bookworm >&2); then
    apt-get update -qq >&2 || true
    (cd "$tmp" && apt-get download -q docker.io/bookworm containerd/bookworm >&2) ||
      die "apt-get download docker.io/bookworm containerd/bookworm failed: this needs a Debian 12 (bookworm) apt source"
  fi
  mkdir -p "$DIR"
  for deb in "$tmp"/*.deb; do
    dpkg-deb -x "$deb" "$DIR"
    log "extracted $(basename -- "$deb") into $DIR"
  done
  rm -rf "$tmp"
  # docker-init is a relative link to Debian's tini-static, which is not in the package.
  if [[ ! -e "$DIR/usr/bin/docker-init" ]]; then
    [[ -x /usr/bin/tini-static ]] || apt-get install -y -qq tini >&2 || die "tini is needed (docker-init): apt-get install tini"
    ln -sfn /usr/bin/tini-static "$DIR/usr/bin/docker-init"
  fi
  "$DIR/usr/sbin/dockerd" --version >&2
}

need_tools() {
  local need
  for need in ip:iproute2 iptables:iptables runc:runc; do
    command -v "${need%%:*}" >/dev/null 2>&1 && continue
    log "installing ${need#*:} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need#*:}" >&2 ||
      die "${need%%:*} is needed: apt-get install ${need#*:}"
  done
}

forward_rule() {
  local op=$1 rule=(-s "$POOL" -d "$POOL" -m comment --comment "$TAG" -j ACCEPT)
  if [[ $op == ADD ]]; then
    iptables -w -C FORWARD "${rule[@]}" 2>/dev/null || iptables -w -I FORWARD 1 "${rule[@]}"
  else
    while iptables -w -D FORWARD "${rule[@]}" 2>/dev/null; do :; done
  fi
}

make_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_ADDR" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

start_dockerd() {
  mkdir -p "$STATE/data" "$RUN/exec"
  # Its own (empty) daemon.json: the host engine's /etc/docker/daemon.json is not for it.
  echo '{}' >"$STATE/daemon.json"
  [[ ! -s "$LOG" ]] || mv -f "$LOG" "$LOG.1"
  log "starting dockerd $("$DIR/usr/sbin/dockerd" --version | sed 's/^Docker version //') on $HOST (log: $LOG)"
  # PATH: its managed containerd, the shims, docker-proxy and docker-init come from the extracted
  # packages; runc is the system's.
  (
    cfn_close_extra_fds
    PATH="$DIR/usr/bin:$DIR/usr/sbin:$PATH" exec setsid \
      "$DIR/usr/sbin/dockerd" --config-file "$STATE/daemon.json" \
      --data-root "$STATE/data" --exec-root "$RUN/exec" --pidfile "$PIDFILE" -H "$HOST" \
      --bridge "$BRIDGE" --iptables=false --ip-masq=false \
      --default-address-pool "base=$POOL,size=24" \
      --cgroup-parent "/$CGROUP" \
      --containerd-namespace "$TAG" --containerd-plugins-namespace "$TAG-plugins" \
      </dev/null >"$LOG" 2>&1
  ) &
  local deadline=$((SECONDS + TIMEOUT))
  until answers; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOG" >&2 || true
      die "the compat dockerd did not answer on $HOST within $TIMEOUT s (log: $LOG)"
    fi
    sleep 0.5
  done
}

# Swarm's docker_gwbridge with a bridge of its own name, so that a swarm init here never takes
# (or removes) the host engine's docker_gwbridge.
make_gwbridge() {
  cdocker network inspect docker_gwbridge >/dev/null 2>&1 && return 0
  cdocker network create --subnet "$GW_SUBNET" \
    --opt com.docker.network.bridge.name="$GW_BRIDGE" \
    --opt com.docker.network.bridge.enable_icc=false \
    --opt com.docker.network.bridge.enable_ip_masquerade=false \
    docker_gwbridge >/dev/null || die "could not create this engine's docker_gwbridge"
}

up() {
  need_root
  if answers; then
    log "the compat engine already answers on $HOST: $(version)"
    return 0
  fi
  # Something half up (a crashed dockerd, a leftover bridge): take it down first.
  down >/dev/null 2>&1 || true
  need_tools
  fetch_packages
  make_bridge
  forward_rule ADD
  start_dockerd
  make_gwbridge
  # Also when docker0 was missing before: an earlier start took it and nothing made it again.
  ip link show docker0 >/dev/null 2>&1 || restore_host_bridge
  log "compat engine up: $(version) on $HOST"
}

# Engine 20.10 deletes the host's docker0 when it starts in the host's network namespace with a
# bridge of its own (moby's removeDefaultBridgeInterface; seen here on every start). The host
# engine keeps a handle on the deleted link, so its containers on the default bridge then fail
# ("adding interface ... to bridge docker0 failed: Device does not exist") until it restarts and
# makes docker0 again: restart it, if it is the local dockerd this project starts.
restore_host_bridge() {
  local pid
  if ! pid=$(cat /var/run/docker.pid 2>/dev/null) || ! kill -0 "$pid" 2>/dev/null; then
    log "starting the compat engine removed the host's docker0: restart the host engine to make it again"
    return 0
  fi
  log "starting the compat engine removed the host's docker0: restarting the host engine (pid $pid) to make it again"
  cfn_stop_dockerd "$pid"
  bash "$(dirname -- "${BASH_SOURCE[0]}")/ensure-docker.sh" >&2
  ip link show docker0 >/dev/null 2>&1 || log "the host engine is back but docker0 is not: restart it by hand"
}

# What this engine left running without its dockerd: its containerd (exec root in its command
# line), shims and containers (in its cgroup).
leftover_pids() {
  local pid
  for pid in $(pgrep -f -- "$RUN/exec" 2>/dev/null); do echo "$pid"; done
  cat /sys/fs/cgroup/pids/"$CGROUP"/*/cgroup.procs 2>/dev/null
  true
}

unmount_under() {
  local root=$1 mounts m
  mapfile -t mounts < <(awk -v r="$root/" 'index($5, r) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
}

down() {
  need_root
  local pid pids failed=0
  if pid=$(cat "$PIDFILE" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
    if answers && [[ "$(cdocker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" == active ]]; then
      log "the compat engine is in a swarm: it leaves it"
      timeout 60 docker -H "$HOST" swarm leave --force >/dev/null 2>&1 || true
    fi
    log "stopping the compat dockerd ($pid)"
    kill -CONT "$pid" 2>/dev/null || true
    cfn_stop_pids TERM 30 "$pid"
    if kill -0 "$pid" 2>/dev/null; then
      log "it did not stop within 30 s: SIGKILL"
      cfn_stop_pids KILL 10 "$pid"
    fi
  fi
  mapfile -t pids < <(leftover_pids | sort -u)
  if ((${#pids[@]} > 0)); then
    log "killing what is left of the compat engine: ${pids[*]}"
    cfn_stop_pids TERM 10 "${pids[@]}"
    mapfile -t pids < <(leftover_pids | sort -u)
    cfn_stop_pids KILL 10 "${pids[@]}"
  fi
  if [[ -n "$(leftover_pids)" ]]; then
    log "processes of the compat engine are still there: $(leftover_pids | tr '\n' ' ')"
    failed=1
  fi
  local dir
  for dir in /sys/fs/cgroup/*/"$CGROUP"; do
    [[ -d "$dir" ]] || continue
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  # Its networks' bridges (user networks are br-*, made by it from its pool) go with it.
  local link
  for link in $(ip -o -4 addr show 2>/dev/null | awk '$4 ~ /^10\.215\./ { print $2 }' | sort -u); do
    ip link del "$link" 2>/dev/null || true
  done
  ! ip link show "$BRIDGE" >/dev/null 2>&1 || ip link del "$BRIDGE" || failed=1
  ! ip link show "$GW_BRIDGE" >/dev/null 2>&1 || ip link del "$GW_BRIDGE" || failed=1
  forward_rule DEL
  if [[ -d "$RUN" ]]; then
    unmount_under "$RUN"
    rm -rf --one-file-system "$RUN" || failed=1
  fi
  unmount_under "$STATE"
  if ((failed)); then
    log "down did not remove everything (see above)"
    return 1
  fi
  log "compat engine down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  purge)
    down
    log "removing its data root $STATE"
    rm -rf --one-file-system "$STATE"
    ;;
  env) echo "export DOCKER_HOST=$HOST" ;;
  status)
    if answers; then version; else
      log "the compat engine does not answer on $HOST"
      exit 1
    fi
    ;;
  *)
    echo "usage: scripts/compat-engine.sh up|down|purge|env|status" >&2
    exit 2
    ;;
esac
