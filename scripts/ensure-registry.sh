#!/usr/bin/env bash
# A real private registry on this machine, for the tests of images from registries (issue #23;
# docs/test-registry.md): Debian's docker-registry (Distribution 2.8) with TLS from a test CA and
# a password (htpasswd), reachable from the host engine and from the Swarm rig's workers.
#
#   up      installs docker-registry and apache2-utils with apt-get unless present; under
#           $CFN_REGISTRY_STATE (/var/lib/cfn-registry) makes, once, a test CA, a server certificate
#           for the registry's addresses, a user (cfntest) with a generated password (kept in a
#           root-only file) and its htpasswd file, and config.yml (storage in data/, deletes
#           enabled); trusts the CA for dockerd (/etc/docker/certs.d/ADDR:PORT/ca.crt, read per
#           pull: no engine restart); adds the iptables rule below; starts `docker-registry serve`
#           in the background (log: /var/log/cfn-registry.log) and waits until
#           https://127.0.0.1:PORT/v2/ answers 401. Safe to repeat: a registry that answers is kept.
#   down    stops it and removes what up made outside the state folder (certs.d entries, iptables
#           rules, /run/cfn-registry); also after a partial up, a kill, and when nothing is up.
#   purge   down, then removes the state folder too (CA, password, pushed images).
#   env     prints the KEY=VALUE lines the tests read: CFN_TEST_REGISTRY (127.0.0.1:PORT),
#           CFN_TEST_REGISTRY_RIG (10.213.1.1:PORT), CFN_TEST_REGISTRY_USER,
#           CFN_TEST_REGISTRY_PASSWORD, CFN_TEST_REGISTRY_CA (the CA certificate's path). It is the
#           only command that prints the password.
#   status  prints where it answers and exits 0, else exits 1.
#
# Addresses (CFN_REGISTRY_ADDRS, default "127.0.0.1 10.213.1.1"): the first is the host's, the
# second the one the Swarm rig's workers reach it at (the host side of worker 1's veth,
# MANAGER_ADDR in scripts/swarm-rig.sh; worker 2 reaches it through its own veth). Both are IP SANs
# of the certificate and get a certs.d entry. That address exists only while the rig is up, so the
# registry cannot bind it at start: it listens on all addresses (0.0.0.0:PORT, and [::]:PORT: Go
# listens dual-stack) and one iptables rule (and one ip6tables rule), tagged cfn-registry, drops
# what reaches PORT from anything but loopback and the rig's network 10.213.0.0/16.
# Needs root, apt-get, openssl, curl and iptables. Port: CFN_REGISTRY_PORT (5000). Logs go to stderr.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=SCRIPTDIR/lib/processes.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/processes.sh"

STATE=${CFN_REGISTRY_STATE:-/var/lib/cfn-registry}
RUN=/run/cfn-registry
PIDFILE=$RUN/registry.pid
LOG=/var/log/cfn-registry.log
PORT=${CFN_REGISTRY_PORT:-5000}
read -r -a ADDRS <<<"${CFN_REGISTRY_ADDRS:-127.0.0.1 10.213.1.1}"
((${#ADDRS[@]} >= 2)) || { echo "ensure-registry: CFN_REGISTRY_ADDRS needs the host's address and the rig's" >&2; exit 2; }
# The Swarm rig's network (scripts/swarm-rig.sh): its workers' addresses.
RIG_NET=10.213.0.0/16
USER_NAME=cfntest
CERTS_D=/etc/docker/certs.d
# Marks its iptables rules (comment) and the certs.d files it wrote (first line).
TAG=cfn-registry
MARK="# $TAG: the test registry's CA, written by cfn-wave's scripts/ensure-registry.sh"
TIMEOUT=${CFN_REGISTRY_TIMEOUT:-30}
CONFIG=$STATE/config.yml
CA=$STATE/ca.crt

log() { printf '%s ensure-registry: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}
need_root() { [[ $(id -u) -eq 0 ]] || die "the test registry needs root (apt-get, iptables, /etc/docker/certs.d)"; }

# The HTTP status of GET /v2/ over TLS checked against the test CA: 401 is this registry.
v2_status() {
  [[ -s "$CA" ]] || { echo 000; return 0; }
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$CA" "https://127.0.0.1:$PORT/v2/" 2>/dev/null || true
}
answers() { [[ "$(v2_status)" == 401 ]]; }

install_tools() {
  local need missing=()
  for need in docker-registry:docker-registry htpasswd:apache2-utils openssl:openssl curl:curl iptables:iptables; do
    command -v "${need%%:*}" >/dev/null 2>&1 || missing+=("${need#*:}")
  done
  ((${#missing[@]} > 0)) || return 0
  command -v apt-get >/dev/null 2>&1 || die "${missing[*]} not installed and there is no apt-get: install them, then retry"
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2; } ||
    die "apt-get install ${missing[*]} failed"
  # The package's own service (init script, Debian's config on :5000) is not this registry: where
  # the install started it, it would hold the port.
  local pid
  if [[ -d /run/systemd/system ]] && systemctl is-active --quiet docker-registry 2>/dev/null; then
    log "the package started its own docker-registry service: stopping and disabling it"
    systemctl disable --now docker-registry >&2 || true
  elif pid=$(cat /var/run/docker-registry.pid 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
    log "the package started its own docker-registry service ($pid): stopping it"
    /etc/init.d/docker-registry stop >&2 || cfn_stop_pids TERM 10 "$pid"
  fi
}

# openssl's settings for the CA and the server certificate (SANs: every address, as IPs).
write_openssl_config() {
  local alt="" i
  for i in "${!ADDRS[@]}"; do alt+="IP.$((i + 1)) = ${ADDRS[$i]}"$'\n'; done
  cat >"$STATE/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = cfn-wave test registry
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = @alt
[alt]
$alt
EOF
}

make_certificates() {
  write_openssl_config
  if [[ ! -s "$STATE/ca.key" || ! -s "$CA" ]] || ! openssl x509 -checkend 86400 -noout -in "$CA" >/dev/null 2>&1; then
    log "making the test CA ($CA)"
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout "$STATE/ca.key" -out "$CA" -days 3650 -subj "/CN=cfn-wave test registry CA" \
      -config "$STATE/openssl.cnf" -extensions ca 2>/dev/null || die "openssl could not make the test CA"
    chmod 600 "$STATE/ca.key"
    rm -f "$STATE/server.crt"
  fi
  # A server certificate for exactly these addresses, signed by this CA, valid another day.
  local want have
  want=$(printf 'IP Address:%s, ' "${ADDRS[@]}")
  want=${want%, }
  have=$(openssl x509 -noout -ext subjectAltName -in "$STATE/server.crt" 2>/dev/null | sed -n '2{s/^ *//;p}' || true)
  if [[ "$have" == "$want" ]] && openssl verify -CAfile "$CA" "$STATE/server.crt" >/dev/null 2>&1 &&
    openssl x509 -checkend 86400 -noout -in "$STATE/server.crt" >/dev/null 2>&1; then
    return 0
  fi
  log "making the server certificate for ${ADDRS[*]}"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$STATE/server.key" -out "$STATE/server.csr" -config "$STATE/openssl.cnf" 2>/dev/null ||
    die "openssl could not make the server key"
  openssl x509 -req -in "$STATE/server.csr" -CA "$CA" -CAkey "$STATE/ca.key" -CAcreateserial \
    -out "$STATE/server.crt" -days 825 -extfile "$STATE/openssl.cnf" -extensions server 2>/dev/null ||
    die "openssl could not sign the server certificate"
  chmod 600 "$STATE/server.key"
  rm -f "$STATE/server.csr"
}

make_user() {
  if [[ ! -s "$STATE/password" ]]; then
    (umask 077 && openssl rand -hex 16 >"$STATE/password")
    log "made a password for the test user $USER_NAME (scripts/ensure-registry.sh env prints it)"
  fi
  chmod 600 "$STATE/password"
  # -i: the password from stdin, never on a command line.
  if ! htpasswd -v -i "$STATE/htpasswd" "$USER_NAME" <"$STATE/password" >/dev/null 2>&1; then
    (umask 077 && htpasswd -B -i -c "$STATE/htpasswd" "$USER_NAME" <"$STATE/password" 2>/dev/null) ||
      die "htpasswd could not write $STATE/htpasswd"
  fi
}

write_config() {
  # No blob descriptor cache: with deletes, an in-memory one can still answer for a deleted blob.
  cat >"$CONFIG" <<EOF
# Written by cfn-wave's scripts/ensure-registry.sh up; rewritten at each up.
version: 0.1
log:
  level: info
  fields:
    service: cfn-registry
storage:
  filesystem:
    rootdirectory: $STATE/data
  delete:
    enabled: true
http:
  addr: 0.0.0.0:$PORT
  tls:
    certificate: $STATE/server.crt
    key: $STATE/server.key
  headers:
    X-Content-Type-Options: [nosniff]
auth:
  htpasswd:
    realm: $TAG
    path: $STATE/htpasswd
EOF
}

# firewall ADD|DEL: only loopback and the rig's network reach PORT.
firewall() {
  local op=$1 ipt rule
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null 2>&1 || continue
    if [[ $ipt == iptables ]]; then
      rule=(-p tcp --dport "$PORT" ! -i lo ! -s "$RIG_NET" -m comment --comment "$TAG" -j DROP)
    else
      rule=(-p tcp --dport "$PORT" ! -i lo -m comment --comment "$TAG" -j DROP)
    fi
    if [[ $op == ADD ]]; then
      "$ipt" -w -C INPUT "${rule[@]}" 2>/dev/null || "$ipt" -w -I INPUT 1 "${rule[@]}" ||
        die "$ipt could not add the rule that keeps port $PORT to loopback and the rig"
    else
      while "$ipt" -w -D INPUT "${rule[@]}" 2>/dev/null; do :; done
    fi
  done
}

trust_ca() {
  local addr dir
  for addr in "${ADDRS[@]}"; do
    dir=$CERTS_D/$addr:$PORT
    mkdir -p "$dir"
    if [[ -f "$dir/ca.crt" ]] && [[ "$(head -n 1 "$dir/ca.crt")" != "$MARK" ]]; then
      die "$dir/ca.crt exists and is not this script's: remove it, or choose another CFN_REGISTRY_PORT"
    fi
    # dockerd reads certs.d at each pull and push (pem.Decode skips the comment line).
    { echo "$MARK"; cat "$CA"; } >"$dir/ca.crt.tmp"
    mv -f "$dir/ca.crt.tmp" "$dir/ca.crt"
  done
}

untrust_ca() {
  local addr dir
  for addr in "${ADDRS[@]}"; do
    dir=$CERTS_D/$addr:$PORT
    if [[ -f "$dir/ca.crt" && "$(head -n 1 "$dir/ca.crt")" == "$MARK" ]]; then
      rm -f "$dir/ca.crt"
    fi
    rm -f "$dir/ca.crt.tmp"
    rmdir "$dir" 2>/dev/null || true
  done
  rmdir "$CERTS_D" 2>/dev/null || true
}

start_registry() {
  mkdir -p "$RUN" "$STATE/data"
  [[ ! -s "$LOG" ]] || mv -f "$LOG" "$LOG.1"
  log "starting docker-registry $(docker-registry --version 2>/dev/null | awk '{print $NF}') on port $PORT (log: $LOG)"
  (
    cfn_close_extra_fds
    exec setsid docker-registry serve "$CONFIG" </dev/null >"$LOG" 2>&1
  ) &
  echo $! >"$PIDFILE"
  local pid=$! deadline=$((SECONDS + TIMEOUT))
  until answers; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      tail -n 20 "$LOG" >&2 || true
      die "the registry did not answer 401 on https://127.0.0.1:$PORT/v2/ within $TIMEOUT s (GET /v2/: $(v2_status); log: $LOG)"
    fi
    sleep 0.2
  done
}

up() {
  need_root
  mkdir -p "$STATE"
  chmod 755 "$STATE"
  if answers; then
    # Kept; what it relies on outside the state folder is made again should it be gone.
    firewall ADD
    trust_ca
    log "the registry already answers at https://127.0.0.1:$PORT ($(cat "$PIDFILE" 2>/dev/null || echo 'pid unknown'))"
    return 0
  fi
  # A registry killed or half started, a leftover rule: take it down first.
  down >/dev/null 2>&1 || true
  install_tools
  make_certificates
  make_user
  write_config
  firewall ADD
  trust_ca
  start_registry
  log "registry up at https://127.0.0.1:$PORT and https://${ADDRS[1]}:$PORT (user $USER_NAME, CA $CA)"
}

# The registry this script started: by its pid file, or by its command line (its config's path),
# should the pid file be gone.
registry_pids() {
  local pid
  if pid=$(cat "$PIDFILE" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
  pgrep -f -x -- "docker-registry serve $CONFIG" 2>/dev/null || true
}

down() {
  need_root
  local pids failed=0
  mapfile -t pids < <(registry_pids | sort -u)
  if ((${#pids[@]} > 0)); then
    log "stopping the registry (${pids[*]})"
    cfn_stop_pids TERM 10 "${pids[@]}"
    cfn_stop_pids KILL 5 "${pids[@]}"
  fi
  if [[ -n "$(registry_pids)" ]]; then
    log "the registry is still running: $(registry_pids | tr '\n' ' ')"
    failed=1
  fi
  firewall DEL
  untrust_ca
  rm -rf "$RUN"
  if ((failed)); then
    log "down did not remove everything (see above)"
    return 1
  fi
  log "registry down (state kept in $STATE; purge removes it)"
}

env_lines() {
  [[ -s "$STATE/password" && -s "$CA" ]] || die "the registry was never set up here: scripts/ensure-registry.sh up"
  printf 'CFN_TEST_REGISTRY=%s:%s\n' "${ADDRS[0]}" "$PORT"
  printf 'CFN_TEST_REGISTRY_RIG=%s:%s\n' "${ADDRS[1]}" "$PORT"
  printf 'CFN_TEST_REGISTRY_USER=%s\n' "$USER_NAME"
  printf 'CFN_TEST_REGISTRY_PASSWORD=%s\n' "$(cat "$STATE/password")"
  printf 'CFN_TEST_REGISTRY_CA=%s\n' "$CA"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  purge)
    down
    log "removing its state folder $STATE"
    rm -rf --one-file-system "$STATE"
    ;;
  env) env_lines ;;
  status)
    if answers; then
      echo "https://127.0.0.1:$PORT and https://${ADDRS[1]}:$PORT (pid $(registry_pids | head -n 1))"
    else
      log "the registry does not answer at https://127.0.0.1:$PORT/v2/ (GET /v2/: $(v2_status))"
      exit 1
    fi
    ;;
  -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" ;;
  *)
    echo "usage: scripts/ensure-registry.sh up|down|purge|env|status" >&2
    exit 2
    ;;
esac
