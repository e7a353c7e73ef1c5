# shellcheck shell=bash
# The skill's shared helper functions, each a thin call into `cfn-wave helpers ...`.
# Source it: `source .claude/skills/cfn-docker-wave-execution/lib/docker-helpers.sh`.
# Safe under `set -euo pipefail`; it sets no shell options and no traps. Functions return the
# command's exit code, so under `set -e` call the ones that can fail as `f ... || rc=$?`.
#
# Which cfn-wave it calls, first found: CFN_WAVE_BIN (a launcher), CFN_WAVE_HOME/bin/cfn-wave (an
# installed or unpacked cfn-wave), the cfn-wave this skill folder ships with (skill/ of a checkout
# or an unpacked archive), cfn-wave on PATH. When none has it, sourcing this file prints one line
# saying how to install cfn-wave and returns 2 (so do the functions).

_cfn_wave_missing() {
  echo "cfn-wave not found (set CFN_WAVE_HOME or put cfn-wave on PATH); install it from its release archive: tar xzf cfn-wave-VERSION.tar.gz && cfn-wave-VERSION/install.sh" >&2
  return 2
}

# _cfn_wave_find: prints the launcher to call, or fails.
_cfn_wave_find() {
  local self link dir
  if [[ -n "${CFN_WAVE_BIN:-}" ]]; then
    printf '%s\n' "$CFN_WAVE_BIN"
    return 0
  fi
  if [[ -n "${CFN_WAVE_HOME:-}" ]]; then
    [[ -x "$CFN_WAVE_HOME/bin/cfn-wave" ]] || return 1
    printf '%s\n' "$CFN_WAVE_HOME/bin/cfn-wave"
    return 0
  fi
  # This file, through symlinks (.claude/skills/... often is one); its cfn-wave is three folders up.
  self=${BASH_SOURCE[0]}
  while [[ -L "$self" ]]; do
    link=$(readlink "$self") || break
    if [[ "$link" == /* ]]; then
      self=$link
    elif [[ "$self" == */* ]]; then
      self=${self%/*}/$link
    else
      self=$link
    fi
  done
  [[ "$self" == */* ]] && dir=${self%/*} || dir=.
  if dir=$(cd -P -- "$dir/../../.." 2>/dev/null && pwd) && [[ -x "$dir/bin/cfn-wave" ]]; then
    printf '%s\n' "$dir/bin/cfn-wave"
    return 0
  fi
  command -v cfn-wave
}

# parse_memory STR: prints STR (512m, 1g, 100) in bytes.
parse_memory() {
  _cfn_wave helpers parse-memory "$@"
}

# get_container_status ID: prints running, exited (exit code 0) or failed.
get_container_status() {
  _cfn_wave helpers container-status "$@"
}

# wait_for_containers ARRAY[@] [TIMEOUT]: waits until every container in the array has exited.
# Called as `wait_for_containers CONTAINERS[@] 1800` (the array's name, not its values).
# Returns 0 when all exited with 0, 1 when some failed, 2 on timeout (default 1800 s).
wait_for_containers() {
  if [[ $# -lt 1 ]]; then
    echo "wait_for_containers: usage: wait_for_containers ARRAY[@] [TIMEOUT_SECONDS]" >&2
    return 2
  fi
  local _cfn_ref=$1 _cfn_timeout=${2:-1800}
  local -a _cfn_ids=()
  if [[ "$_cfn_ref" != *"[@]" && "$_cfn_ref" != *"[*]" ]]; then
    _cfn_ref="${_cfn_ref}[@]"
  fi
  if ! declare -p "${_cfn_ref%\[*}" >/dev/null 2>&1; then
    echo "wait_for_containers: no array named ${_cfn_ref%\[*}" >&2
    return 2
  fi
  # Local names start with _cfn_ so they cannot shadow the caller's array.
  # ${!_cfn_ref} on an empty array trips `set -u` in older bash; the + form does not.
  if [[ -n "${!_cfn_ref+set}" ]]; then
    _cfn_ids=("${!_cfn_ref}")
  fi
  if [[ ${#_cfn_ids[@]} -eq 0 ]]; then
    return 0
  fi
  _cfn_wave helpers wait --timeout "$_cfn_timeout" "${_cfn_ids[@]}"
}

# extract_exit_code ID: prints the exit code of an exited container.
extract_exit_code() {
  _cfn_wave helpers exit-code "$@"
}

# validate_docker_access: returns 0 when the Docker daemon answers, 1 otherwise.
validate_docker_access() {
  _cfn_wave helpers check-docker "$@"
}

# create_container_manifest ID BATCH TIER: prints a JSON object describing the container.
create_container_manifest() {
  _cfn_wave helpers manifest-entry "$@"
}

# log_container ID DIR: saves the container's logs to DIR/ID.log.
log_container() {
  _cfn_wave helpers save-logs "$@"
}

if CFN_WAVE_BIN=$(_cfn_wave_find); then
  _cfn_wave() { "$CFN_WAVE_BIN" "$@"; }
else
  unset CFN_WAVE_BIN
  _cfn_wave() { _cfn_wave_missing; }
  _cfn_wave_missing
  return 2
fi
