#!/usr/bin/env bash
# Brings up a Docker engine where none answers; see --help.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/ensure-docker.sh [--engine current|20.10] [--replace]

Makes sure a Docker engine answers (at DOCKER_HOST, or /var/run/docker.sock).

  An engine that already answers is used as it is: the script says which version it is and
  changes nothing (unless --replace).

  Otherwise, as root with apt-get, it installs and starts one (dockerd in the background, log in
  /var/log/cfn-dockerd.log):
    current (the default)  a current Docker Engine.
        Debian 12 (bookworm): Debian 13's docker.io (26.1) and containerd (1.7). The script adds an
          apt source for the Debian 13 suite beside the machine's own (the same archive, read from
          the machine's apt sources: /etc/apt/sources.list.d/cfn-trixie.sources) and an apt pin
          (/etc/apt/preferences.d/cfn-trixie) so that no package but these two ever comes from
          Debian 13; Debian 12's runc, tini and iptables stay. An installed 20.10 is upgraded in
          place (/var/lib/docker and its images are kept).
        Debian 13 or later, Ubuntu: the system's own docker.io.
    20.10  Debian 12's own docker.io 20.10.24 and containerd 1.6 (the engine of earlier releases;
        for the compat leg prefer scripts/compat-engine.sh, which runs it beside the current one
        with its own data root and socket). Only on Debian 12.

Options:
  --engine ENGINE  current (default) or 20.10; the same as CFN_ENGINE=ENGINE. The flag wins.
  --replace        stop the local dockerd that answers (/var/run/docker.pid) and bring up the
                   engine asked for in its place (callers that share the engine: hold
                   /tmp/cfn-it.lock).
  -h, --help       this text.
EOF
}

# shellcheck source=SCRIPTDIR/lib/detach.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=SCRIPTDIR/lib/processes.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/processes.sh"
log() { printf '%s ensure-docker: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

want=${CFN_ENGINE:-current}
replace=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --engine) want=${2:?--engine needs current or 20.10}; shift 2 ;;
    --engine=*) want=${1#--engine=}; shift ;;
    --replace) replace=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) log "unknown argument: $1 (see --help)"; exit 2 ;;
  esac
done
case $want in
  current | 20.10) ;;
  *) log "unknown engine '$want': current or 20.10 (see --help)"; exit 2 ;;
esac

engine_answers() { docker info >/dev/null 2>&1; }
engine_version() { docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null; }
# 20.10.x for 20.10, anything newer for current.
version_fits() {
  case $want in
    20.10) [[ $1 == 20.10.* ]] ;;
    current) [[ $1 != 20.10.* && $1 != 1[0-9].* ]] ;;
  esac
}

local_socket() { [[ -z "${DOCKER_HOST:-}" || "${DOCKER_HOST}" == unix:///var/run/docker.sock ]]; }

stop_local_dockerd() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null) || true
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    log "no dockerd pid in /var/run/docker.pid: cannot replace the engine that answers (stop it yourself)"
    exit 1
  fi
  log "stopping dockerd (pid $pid) to replace it"
  cfn_stop_dockerd "$pid"
  # Its managed containerd goes down with it; give the socket a moment to go away.
  for _ in $(seq 1 10); do
    engine_answers || break
    sleep 1
  done
}

if engine_answers; then
  version=$(engine_version)
  if version_fits "${version%% *}" || ! $replace; then
    log "Docker engine already answers: $version; used as it is"
    if ! version_fits "${version%% *}"; then
      log "note: the engine asked for is '$want'; this one is not: rerun with --replace to swap it (as root, holding /tmp/cfn-it.lock)"
    fi
    exit 0
  fi
  if ! local_socket || [[ $(id -u) -ne 0 ]]; then
    log "--replace works only on the local engine as root"
    exit 1
  fi
  stop_local_dockerd
fi

if ! local_socket; then
  log "DOCKER_HOST=${DOCKER_HOST} does not answer; start that engine or unset DOCKER_HOST"
  exit 1
fi

# --- Installing ---------------------------------------------------------------------------------

os_id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}") || os_id=
os_codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || os_codename=

installed_version() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || true; }

# Prints "URI SIGNED-BY" of the first enabled deb source of the machine for suite $1 with the main
# component: deb822 files first, then the one-line sources.list. Nothing when there is none.
archive_of_suite() {
  local suite=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" && "$f" != */cfn-*.sources ]] || continue
    awk -v suite="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") &&
            (" " comps " ") ~ / main / && enabled != "no" && uris != "") {
          split(uris, u, " "); print u[1], (signed == "" ? "-" : signed); found = 1; exit
        }
        types = suites = comps = uris = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
        if (key == "types") types = $0
        else if (key == "suites") suites = $0
        else if (key == "components") comps = $0
        else if (key == "uris") uris = $0
        else if (key == "signed-by") signed = $0
        else if (key == "enabled") enabled = tolower($0)
      }
      END { if (!found) flush() }
    ' "$f" | head -n 1 | grep . && return 0
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk -v suite="$suite" '
      $1 != "deb" { next }
      {
        i = 2; signed = "-"
        if ($i ~ /^\[/) {
          opts = ""
          while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ }
          if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
        }
        uri = $i; s = $(i + 1); comps = ""
        for (j = i + 2; j <= NF; j++) comps = comps " " $j
        if (s == suite && (comps " ") ~ / main /) { print uri, signed; exit }
      }
    ' "$f" | head -n 1 | grep . && return 0
  done
  return 1
}

# Adds the Debian 13 suite of the machine's own archive as an apt source, pinned so that only
# docker.io and containerd come from it. Says what it wrote.
add_trixie_source() {
  local archive uri signed
  if ! archive=$(archive_of_suite "$os_codename"); then
    log "found no apt source for '$os_codename main' in /etc/apt/sources.list(.d): cannot derive the archive for Debian 13"
    exit 1
  fi
  uri=${archive%% *}
  signed=${archive#* }
  [[ "$signed" == /* && -r "$signed" ]] || signed=/usr/share/keyrings/debian-archive-keyring.gpg
  local src=/etc/apt/sources.list.d/cfn-trixie.sources pin=/etc/apt/preferences.d/cfn-trixie
  local want_src
  want_src=$(cat <<EOF
# Written by cfn-wave's scripts/ensure-docker.sh: the Debian 13 suite of this machine's own
# archive, for docker.io and containerd only (see $pin).
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: $signed
EOF
  )
  if [[ ! -f "$src" ]] || [[ "$(cat "$src")" != "$want_src" ]]; then
    printf '%s\n' "$want_src" >"$src"
    log "wrote $src: apt source for Debian 13 (trixie) from the machine's archive $uri"
  fi
  cat >"$pin" <<'EOF'
# Written by cfn-wave's scripts/ensure-docker.sh: nothing comes from Debian 13 (trixie) but
# docker.io and containerd (a current Docker Engine on Debian 12).
Package: *
Pin: release n=trixie
Pin-Priority: -1

Package: docker.io containerd
Pin: release n=trixie
Pin-Priority: 600
EOF
  log "wrote $pin: apt pin, nothing but docker.io and containerd from trixie"
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install $*"
  # The package's init script may try to start dockerd; this script starts it itself.
  apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >&2
}

install_engine() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "no Docker engine answers and this script can install one only as root with apt-get."
    log "Install Docker Engine (https://docs.docker.com/engine/install/) and start it, then retry."
    exit 1
  fi
  local have
  have=$(installed_version docker.io)
  if [[ "$os_id" == debian && "$os_codename" == bookworm ]]; then
    if [[ $want == current ]]; then
      if [[ -n "$have" && "$have" != 20.10.* ]]; then
        log "docker.io $have (Debian 13) is installed already"
        return 0
      fi
      add_trixie_source
      log "apt-get update (with the Debian 13 source)"
      apt-get update -qq >&2
      [[ -z "$have" ]] || log "upgrading docker.io $have (20.10) in place; /var/lib/docker and its images are kept"
      apt_install docker.io/trixie containerd/trixie
    else
      if [[ "$have" == 20.10.* ]]; then
        log "docker.io $have (Debian 12) is installed already"
        return 0
      fi
      if [[ -n "$have" ]]; then
        log "WARNING: downgrading docker.io $have to Debian 12's 20.10 on the same /var/lib/docker; an engine downgrade may not read what the newer one wrote. scripts/compat-engine.sh runs 20.10 beside it instead."
      fi
      apt-get update -qq >&2 || true
      apt_install --allow-downgrades docker.io/bookworm containerd/bookworm
    fi
  elif [[ "$os_id" == debian || "$os_id" == ubuntu || " $(. /etc/os-release && echo "${ID_LIKE:-}") " == *" debian "* ]]; then
    if [[ $want == 20.10 ]]; then
      log "the 20.10 engine is Debian 12's; on $os_id $os_codename use scripts/compat-engine.sh or a current engine"
      exit 1
    fi
    if [[ -n "$have" ]]; then
      log "docker.io $have ($os_id $os_codename) is installed already"
      return 0
    fi
    apt-get update -qq >&2
    apt_install docker.io
  else
    log "no Docker engine answers and this is not Debian or Ubuntu: install Docker Engine (https://docs.docker.com/engine/install/) and start it, then retry."
    exit 1
  fi
  log "installed docker.io $(installed_version docker.io), containerd $(installed_version containerd), runc $(installed_version runc)"
}

start_dockerd() {
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
}

have=$(installed_version docker.io)
if [[ -n "$have" ]] && version_fits "$have"; then
  log "docker.io $have is installed"
elif [[ -z "$have" ]] && command -v dockerd >/dev/null 2>&1; then
  log "dockerd $(dockerd --version 2>/dev/null | sed 's/^Docker version //') is installed (not by apt): starting it as it is"
else
  # None, or apt's but not the engine asked for (20.10 -> current upgrades in place).
  install_engine
fi

# An install's init script may have started one already.
engine_answers || start_dockerd

if ! engine_answers; then
  log "dockerd did not answer within 60 s; see /var/log/cfn-dockerd.log"
  tail -n 20 /var/log/cfn-dockerd.log >&2 || true
  exit 1
fi
version=$(engine_version)
log "Docker engine answers: $version"
if ! version_fits "${version%% *}"; then
  log "note: the engine asked for is '$want'; this one is not"
fi
