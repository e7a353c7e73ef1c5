#!/usr/bin/env bash
# A three-node Docker Swarm on one machine, for the Swarm tests (docs/swarm-rig.md):
#   up      the host engine (/var/run/docker.sock) becomes the manager; two more dockerd, each in a
#           network namespace of its own linked to the host by a veth pair, join as workers; the
#           test images are copied to them. An existing healthy rig is kept (safe to repeat).
#           Prints KEY=VALUE lines on stdout (MANAGER_*, WORKER1_*, WORKER2_*: SOCKET, NODE_ID, ADDR).
#   status  prints the same lines and exits 0 when the rig is up and healthy, else exits 1.
#   down    removes everything up made, also after a partial or failed up, and when nothing is up.
#   kill-worker N   kills worker N's dockerd and everything it runs with SIGKILL, as a crashed
#                   machine would (its node goes Down in the swarm once its heartbeat is missed).
#   start-worker N  starts worker N's dockerd again after kill-worker; waits until its node is
#                   ready again.
# Needs root, ip (iproute2), iptables, nsenter (util-linux) and dockerd. Logs go to stderr.
#
# The manager is the host engine unless CFN_RIG_MANAGER names another local engine's socket
# (unix://..., in the host's network namespace: the 20.10 compat engine of
# scripts/compat-engine.sh); a rig that is up remembers its manager, so that down needs no
# variable. The workers run the dockerd found on PATH, with CFN_RIG_PATH (folders, colon-separated)
# put in front of it: the compat leg's workers run the compat engine's dockerd and containerd.
#
# Images: by default a worker runs a service's task from its local copy and never pulls
# (DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1). With CFN_RIG_PULL=1 at up, workers pull a task's image
# first, as real nodes do (a failed pull is only logged: local copies still run), e.g. from the
# test registry at 10.213.1.1:5000 (scripts/ensure-registry.sh). A rig that is up keeps its mode
# for start-worker; up with the other mode takes it down and brings it up again. Workers trust that
# registry's CA through /etc/docker/certs.d like the host engine: they share its mount namespace.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=SCRIPTDIR/lib/processes.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/processes.sh"

STATE=${CFN_RIG_STATE:-/var/lib/cfn-swarm-rig}
RUN=${CFN_RIG_RUN:-/run/cfn-swarm-rig}
TIMEOUT=${CFN_RIG_TIMEOUT:-90}
read -r -a IMAGES <<<"${CFN_RIG_IMAGES:-cfn-wave/busybox:latest cfn-wave/test-agent:latest cfn-wave/demo-agent:latest}"
# The manager of a rig that is up (written by init_manager), else CFN_RIG_MANAGER, else the host's.
MANAGER=$(cat "$STATE/manager" 2>/dev/null || true)
MANAGER=${MANAGER:-${CFN_RIG_MANAGER:-unix:///var/run/docker.sock}}
[[ "$MANAGER" == unix://* ]] || { echo "swarm-rig: the manager must be a local engine's unix socket, not $MANAGER" >&2; exit 2; }
if [[ -n "${CFN_RIG_MANAGER:-}" && "$CFN_RIG_MANAGER" != "$MANAGER" && "${1:-}" == up ]]; then
  echo "swarm-rig: a rig with manager $MANAGER is there: scripts/swarm-rig.sh down first" >&2
  exit 1
fi
WORKER_PATH=${CFN_RIG_PATH:+$CFN_RIG_PATH:}$PATH
PULL=${CFN_RIG_PULL:-0}
[[ "$PULL" == 0 || "$PULL" == 1 ]] || { echo "swarm-rig: CFN_RIG_PULL is 0 or 1, not $PULL" >&2; exit 2; }
WORKERS=(1 2)
# Marks the rig's nodes (node label) and its iptables rules (comment).
TAG=cfn-swarm-rig
# The manager advertises the host side of worker 1's veth; overlays get addresses from this pool.
MANAGER_ADDR=10.213.1.1
ADDR_POOL=10.214.0.0/16

log() { printf '%s swarm-rig: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "FAILED: $*"
  log "the rig may be half up: scripts/swarm-rig.sh down removes it"
  exit 1
}

netns() { echo "cfn-rig-w$1"; }
veth_host() { echo "cfnrig$1-h"; }
veth_ns() { echo "cfnrig$1-n"; }
host_addr() { echo "10.213.$1.1"; }
worker_addr() { echo "10.213.$1.2"; }
worker_dir() { echo "$STATE/w$1"; }
worker_run() { echo "$RUN/w$1"; }
worker_sock() { echo "unix://$RUN/w$1/docker.sock"; }
worker_pidfile() { echo "$RUN/w$1/docker.pid"; }
cgroup_parent() { echo "cfn-swarm-rig-w$1"; }

mgr() { docker -H "$MANAGER" "$@"; }
wrk() {
  local i=$1
  shift
  docker -H "$(worker_sock "$i")" "$@"
}

# until_ok SECONDS COMMAND...: retries COMMAND every half second until it succeeds; fails after
# SECONDS.
until_ok() {
  local limit=$1 deadline
  shift
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

swarm_state() { "$@" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unreachable; }
self_node_id() { "$@" info --format '{{.Swarm.NodeID}}' 2>/dev/null; }

# The rig made the host's swarm if its state folder says so or the manager node carries its label.
manager_is_ours() {
  [[ -f "$STATE/manager" ]] && return 0
  local id
  id=$(self_node_id mgr) && [[ -n "$id" ]] &&
    [[ "$(mgr node inspect --format "{{index .Spec.Labels \"$TAG\"}}" "$id" 2>/dev/null)" == manager ]]
}

node_ready() {
  local id=$1
  [[ "$(mgr node inspect --format '{{.Status.State}}/{{.Spec.Availability}}' "$id" 2>/dev/null)" == ready/active ]]
}

print_info() {
  printf 'MANAGER_SOCKET=%s\nMANAGER_NODE_ID=%s\nMANAGER_ADDR=%s\n' \
    "$MANAGER" "$(self_node_id mgr)" "$MANAGER_ADDR"
  local i
  for i in "${WORKERS[@]}"; do
    printf 'WORKER%s_SOCKET=%s\nWORKER%s_NODE_ID=%s\nWORKER%s_ADDR=%s\n' \
      "$i" "$(worker_sock "$i")" "$i" "$(self_node_id wrk "$i")" "$i" "$(worker_addr "$i")"
  done
}

# The pull mode of the rig that is up (CFN_RIG_PULL at its up), else the one asked for.
pull_mode() { cat "$STATE/pull" 2>/dev/null || echo "$PULL"; }

healthy() {
  [[ "$(swarm_state mgr)" == active ]] && manager_is_ours || return 1
  node_ready "$(self_node_id mgr)" || return 1
  local i id
  for i in "${WORKERS[@]}"; do
    [[ "$(swarm_state wrk "$i")" == active ]] || return 1
    id=$(self_node_id wrk "$i") && node_ready "$id" || return 1
  done
}

need_tools() {
  [[ $(id -u) -eq 0 ]] || die "the rig needs root (network namespaces, iptables, dockerd)"
  local tool
  for tool in ip iptables nsenter dockerd docker; do
    PATH=$WORKER_PATH command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (ip: iproute2, iptables: iptables, nsenter: util-linux, dockerd: docker.io)"
  done
}

# iptables_rule ADD|DEL CHAIN ARGS...: one rule tagged with the rig's comment, added once.
iptables_rule() {
  local op=$1 chain=$2
  shift 2
  local rule=("$@" -m comment --comment "$TAG" -j ACCEPT)
  if [[ $op == ADD ]]; then
    iptables -w -C "$chain" "${rule[@]}" 2>/dev/null || iptables -w -I "$chain" 1 "${rule[@]}"
  else
    while iptables -w -D "$chain" "${rule[@]}" 2>/dev/null; do :; done
  fi
}

link_worker() {
  local i=$1 ns hv nv
  ns=$(netns "$i") hv=$(veth_host "$i") nv=$(veth_ns "$i")
  [[ -e /var/run/netns/$ns ]] || ip netns add "$ns"
  if ! ip link show "$hv" >/dev/null 2>&1; then
    ip link add "$hv" type veth peer name "$nv"
    ip link set "$nv" netns "$ns"
    ip addr add "$(host_addr "$i")/30" dev "$hv"
    ip link set "$hv" up
    ip -n "$ns" addr add "$(worker_addr "$i")/30" dev "$nv"
    ip -n "$ns" link set "$nv" up
    ip -n "$ns" link set lo up
    # Only the rig's own addresses are reachable from the namespace: no default route.
    ip -n "$ns" route add 10.213.0.0/16 via "$(host_addr "$i")"
  fi
}

start_worker() {
  local i=$1 dir run pid
  dir=$(worker_dir "$i") run=$(worker_run "$i")
  if pid=$(cat "$(worker_pidfile "$i")" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  mkdir -p "$dir/data" "$run/exec"
  echo '{}' >"$dir/daemon.json"
  local offline=1
  [[ "$(pull_mode)" != 1 ]] || offline=0
  log "starting worker $i's dockerd in netns $(netns "$i") (log: $dir/dockerd.log)$([[ $offline == 1 ]] || echo '; it pulls images')"
  # nsenter, not `ip netns exec`: that remounts /sys, and dockerd then finds no cgroups. Unless the
  # rig pulls (CFN_RIG_PULL=1), the worker pulls no image: it uses its local copy. Its own UTS
  # namespace gives it a hostname of its own (cfn-rig-wN), as nodes of a real cluster have.
  (
    cfn_close_extra_fds
    PATH=$WORKER_PATH DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=$offline exec setsid unshare --uts -- \
      nsenter --net="/var/run/netns/$(netns "$i")" \
      sh -c 'echo "$0" >/proc/sys/kernel/hostname && exec "$@"' "$(netns "$i")" \
      dockerd --config-file "$dir/daemon.json" \
      --data-root "$dir/data" --exec-root "$run/exec" --pidfile "$(worker_pidfile "$i")" \
      -H "$(worker_sock "$i")" --bridge none --iptables=false \
      --cgroup-parent "/$(cgroup_parent "$i")" \
      --containerd-namespace "cfn-rig-w$i" --containerd-plugins-namespace "cfn-rig-w$i-plugins" \
      </dev/null >"$dir/dockerd.log" 2>&1
  ) &
}

wait_worker() {
  local i=$1
  until_ok "$TIMEOUT" wrk "$i" version ||
    die "worker $i's dockerd did not answer on $(worker_sock "$i") within $TIMEOUT s; $(tail -n 5 "$(worker_dir "$i")/dockerd.log" 2>/dev/null | tr '\n' ' ')"
}

init_manager() {
  local state
  state=$(swarm_state mgr)
  case "$state" in
    active)
      manager_is_ours || die "the host engine is already in a swarm the rig did not make; leave it first (docker swarm leave --force)"
      ;;
    inactive)
      mgr network inspect docker_gwbridge >/dev/null 2>&1 || touch "$STATE/made-gwbridge"
      echo "$MANAGER" >"$STATE/manager"
      log "docker swarm init on the engine at $MANAGER ($(mgr version --format '{{.Server.Version}}')), advertising $MANAGER_ADDR"
      timeout "$TIMEOUT" docker -H "$MANAGER" swarm init --advertise-addr "$MANAGER_ADDR" \
        --listen-addr "$MANAGER_ADDR:2377" --default-addr-pool "$ADDR_POOL" >/dev/null ||
        die "docker swarm init on the host engine failed"
      ;;
    unreachable) die "the host engine does not answer on $MANAGER" ;;
    *) die "the host engine's swarm state is '$state'; run scripts/swarm-rig.sh down first" ;;
  esac
  mgr node update --label-add "$TAG=manager" "$(self_node_id mgr)" >/dev/null
}

join_worker() {
  local i=$1 token id
  if [[ "$(swarm_state wrk "$i")" != active ]]; then
    token=$(mgr swarm join-token -q worker)
    log "worker $i joins the swarm"
    timeout "$TIMEOUT" docker -H "$(worker_sock "$i")" swarm join --token "$token" \
      --advertise-addr "$(worker_addr "$i")" --listen-addr "$(worker_addr "$i"):2377" \
      "$MANAGER_ADDR:2377" >/dev/null || die "worker $i could not join the swarm at $MANAGER_ADDR:2377"
  fi
  id=$(self_node_id wrk "$i")
  until_ok "$TIMEOUT" node_ready "$id" || die "worker $i (node $id) is not ready/active within $TIMEOUT s"
  mgr node update --label-add "$TAG=w$i" "$id" >/dev/null
}

# Copies the images a worker lacks or has in another version (docker save | docker load).
copy_images() {
  local i=$1 image missing=()
  for image in "${IMAGES[@]}"; do
    mgr image inspect "$image" >/dev/null 2>&1 || die "image $image is not on the host engine: scripts/build-images.sh builds it"
    if [[ "$(wrk "$i" image inspect --format '{{.Id}}' "$image" 2>/dev/null)" != "$(mgr image inspect --format '{{.Id}}' "$image")" ]]; then
      missing+=("$image")
    fi
  done
  ((${#missing[@]} > 0)) || return 0
  log "copying ${missing[*]} to worker $i"
  mgr save "${missing[@]}" | wrk "$i" load >/dev/null || die "docker load of ${missing[*]} on worker $i failed"
}

up() {
  need_tools
  local i
  if [[ -f "$STATE/pull" && "$(pull_mode)" != "$PULL" ]] && healthy; then
    log "the rig that is up has CFN_RIG_PULL=$(pull_mode), not $PULL: taking it down first"
    down || die "could not take the rig down"
  fi
  if ! healthy; then
    if [[ "$(swarm_state mgr)" == active ]] && ! manager_is_ours; then
      die "the host engine is already in a swarm the rig did not make; leave it first (docker swarm leave --force)"
    fi
    if [[ -d "$STATE" || -d "$RUN" || "$(swarm_state mgr)" != inactive ]]; then
      log "a rig is there but not healthy: taking it down first"
      down || die "could not take the unhealthy rig down"
    fi
    mkdir -p "$STATE" "$RUN"
    echo "$PULL" >"$STATE/pull"
    iptables_rule ADD INPUT -i 'cfnrig+'
    iptables_rule ADD FORWARD -i 'cfnrig+' -o 'cfnrig+'
    for i in "${WORKERS[@]}"; do
      link_worker "$i"
      start_worker "$i"
    done
    init_manager
    for i in "${WORKERS[@]}"; do
      wait_worker "$i"
      join_worker "$i"
    done
  fi
  for i in "${WORKERS[@]}"; do copy_images "$i"; done
  print_info
}

status() {
  if healthy; then
    print_info
  else
    log "the rig is not up (or not healthy)"
    return 1
  fi
}

# The processes the rig started for worker I: its dockerd, and whatever runs in its namespace or
# its containers' cgroups (containerd, shims, containers) should dockerd have died without them.
worker_pids() {
  local i=$1 pid
  if pid=$(cat "$(worker_pidfile "$i")" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
  [[ -e /var/run/netns/$(netns "$i") ]] && ip netns pids "$(netns "$i")" 2>/dev/null
  cat /sys/fs/cgroup/pids/"$(cgroup_parent "$i")"/*/cgroup.procs 2>/dev/null
  true
}

stop_worker() {
  local i=$1 pid pids
  if pid=$(cat "$(worker_pidfile "$i")" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
    log "stopping worker $i's dockerd ($pid)"
    cfn_stop_pids TERM 30 "$pid"
  fi
  mapfile -t pids < <(worker_pids "$i" | sort -u)
  if ((${#pids[@]} > 0)); then
    log "killing what is left of worker $i: ${pids[*]}"
    cfn_stop_pids KILL 10 "${pids[@]}"
  fi
  local dir
  for dir in /sys/fs/cgroup/*/"$(cgroup_parent "$i")"; do
    [[ -d "$dir" ]] || continue
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

# Unmounts whatever is still mounted under the rig's folders (deepest first), so that removing
# them never reaches into a mount.
unmount_under() {
  local root=$1 mounts
  mapfile -t mounts < <(awk -v r="$root/" 'index($5, r) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  local m
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
}

# A crash of worker I's machine: SIGKILL for its dockerd, containerd, shims and containers at once,
# so nothing stops cleanly and nothing tells the manager.
kill_worker() {
  local i=$1 pids
  mapfile -t pids < <(worker_pids "$i" | sort -u)
  ((${#pids[@]} > 0)) || die "worker $i runs nothing: is the rig up?"
  log "killing worker $i (SIGKILL to ${#pids[@]} processes)"
  cfn_stop_pids KILL 10 "${pids[@]}"
  [[ -z "$(worker_pids "$i")" ]] || die "worker $i still has processes: $(worker_pids "$i" | tr '\n' ' ')"
}

restart_worker() {
  local i=$1 id
  [[ -e /var/run/netns/$(netns "$i") ]] || die "worker $i has no network namespace: bring the rig up first"
  start_worker "$i"
  wait_worker "$i"
  id=$(self_node_id wrk "$i")
  until_ok "$TIMEOUT" node_ready "$id" || die "worker $i (node $id) is not ready/active within $TIMEOUT s"
  log "worker $i is back (node $id ready)"
}

down() {
  local i state failed=0
  # Services and overlays first, while the workers still run, so their tasks end cleanly.
  state=$(swarm_state mgr)
  if [[ "$state" == unreachable && -f "$STATE/manager" ]]; then
    log "the host engine does not answer: it may still be in the rig's swarm (run down again later)"
    failed=1
  fi
  if [[ "$state" != inactive && "$state" != unreachable ]]; then
    if manager_is_ours; then
      if [[ "$state" == active ]]; then
        local ids
        mapfile -t ids < <(mgr service ls -q --filter label=cfn.managed=true 2>/dev/null)
        ((${#ids[@]} == 0)) || mgr service rm "${ids[@]}" >/dev/null 2>&1 || true
        mapfile -t ids < <(mgr network ls -q --filter driver=overlay --filter label=cfn.managed=true 2>/dev/null)
        ((${#ids[@]} == 0)) || mgr network rm "${ids[@]}" >/dev/null 2>&1 || true
      fi
    else
      log "the host engine is in a swarm the rig did not make: left alone"
      failed=1
    fi
  fi
  for i in "${WORKERS[@]}"; do
    if [[ -S "$RUN/w$i/docker.sock" && "$(swarm_state wrk "$i")" != inactive ]]; then
      timeout 30 docker -H "$(worker_sock "$i")" swarm leave --force >/dev/null 2>&1 || true
    fi
  done
  if [[ "$state" != inactive && "$state" != unreachable ]] && manager_is_ours; then
    log "the host engine leaves the swarm"
    timeout 60 docker -H "$MANAGER" swarm leave --force >/dev/null 2>&1 || true
    [[ "$(swarm_state mgr)" == inactive ]] || {
      log "the host engine is still in the swarm"
      failed=1
    }
  fi
  if [[ -f "$STATE/made-gwbridge" ]] && [[ "$(swarm_state mgr)" == inactive ]]; then
    mgr network rm docker_gwbridge >/dev/null 2>&1 || true
  fi
  for i in "${WORKERS[@]}"; do stop_worker "$i"; done
  for i in "${WORKERS[@]}"; do
    if [[ -n "$(worker_pids "$i")" ]]; then
      log "worker $i still has processes: $(worker_pids "$i" | tr '\n' ' ')"
      failed=1
    fi
    [[ ! -e /var/run/netns/$(netns "$i") ]] || ip netns del "$(netns "$i")" || failed=1
    # Deleting the namespace takes the veth pair with it, asynchronously: gone by itself is fine.
    ip link del "$(veth_host "$i")" 2>/dev/null || ! ip link show "$(veth_host "$i")" >/dev/null 2>&1 || failed=1
  done
  iptables_rule DEL INPUT -i 'cfnrig+'
  iptables_rule DEL FORWARD -i 'cfnrig+' -o 'cfnrig+'
  local root
  for root in "$RUN" "$STATE"; do
    [[ -d "$root" ]] || continue
    unmount_under "$root"
    rm -rf --one-file-system "$root" || failed=1
  done
  if ((failed)); then
    log "down did not remove everything (see above)"
    return 1
  fi
  log "rig down: the host engine's swarm state is $(swarm_state mgr)"
}

case "${1:-}" in
  up)
    started=$SECONDS
    up
    log "rig up in $((SECONDS - started)) s"
    ;;
  down)
    [[ $(id -u) -eq 0 ]] || die "the rig needs root"
    down
    ;;
  status) status ;;
  kill-worker | start-worker)
    [[ $(id -u) -eq 0 ]] || die "the rig needs root"
    [[ "${2:-}" =~ ^[12]$ ]] || die "$1 needs a worker number: 1 or 2"
    if [[ $1 == kill-worker ]]; then kill_worker "$2"; else restart_worker "$2"; fi
    ;;
  *)
    echo "usage: scripts/swarm-rig.sh up|down|status|kill-worker N|start-worker N" >&2
    exit 2
    ;;
esac
