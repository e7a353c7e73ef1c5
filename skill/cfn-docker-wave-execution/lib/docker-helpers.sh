# shellcheck shell=bash
# The skill's shared helper functions, each a thin call into `cfn-wave helpers ...`.
# Source it: `source .claude/skills/cfn-docker-wave-execution/lib/docker-helpers.sh`.
# Safe under `set -euo pipefail`; it sets no shell options and no traps. Functions return the
# command's exit code, so under `set -e` call the ones that can fail as `f ... || rc=$?`.
# CFN_WAVE_BIN overrides the cfn-wave launcher to call (default: this repository's bin/cfn-wave).

if [[ -z "${CFN_WAVE_BIN:-}" ]]; then
  # Find bin/cfn-wave three folders up from this file, through symlinks (.claude/skills/... is one).
  _cfn_helpers_self=${BASH_SOURCE[0]}
  while [[ -L "$_cfn_helpers_self" ]]; do
    _cfn_helpers_link=$(readlink "$_cfn_helpers_self") || break
    if [[ "$_cfn_helpers_link" == /* ]]; then
      _cfn_helpers_self=$_cfn_helpers_link
    elif [[ "$_cfn_helpers_self" == */* ]]; then
      _cfn_helpers_self=${_cfn_helpers_self%/*}/$_cfn_helpers_link
    else
      _cfn_helpers_self=$_cfn_helpers_link
    fi
  done
  if [[ "$_cfn_helpers_self" == */* ]]; then
    _cfn_helpers_dir=${_cfn_helpers_self%/*}
  else
    _cfn_helpers_dir=.
  fi
  if _cfn_helpers_dir=$(cd -P -- "$_cfn_helpers_dir/../../.." 2>/dev/null && pwd) &&
    [[ -x "$_cfn_helpers_dir/bin/cfn-wave" ]]; then
    CFN_WAVE_BIN=$_cfn_helpers_dir/bin/cfn-wave
  else
    CFN_WAVE_BIN=cfn-wave
  fi
  unset _cfn_helpers_self _cfn_helpers_link _cfn_helpers_dir
fi

# parse_memory STR: prints STR (512m, 1g, 100) in bytes.
parse_memory() {
  "$CFN_WAVE_BIN" helpers parse-memory "$@"
}

# get_container_status ID: prints running, exited (exit code 0) or failed.
get_container_status() {
  "$CFN_WAVE_BIN" helpers container-status "$@"
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
  "$CFN_WAVE_BIN" helpers wait --timeout "$_cfn_timeout" "${_cfn_ids[@]}"
}

# extract_exit_code ID: prints the exit code of an exited container.
extract_exit_code() {
  "$CFN_WAVE_BIN" helpers exit-code "$@"
}

# validate_docker_access: returns 0 when the Docker daemon answers, 1 otherwise.
validate_docker_access() {
  "$CFN_WAVE_BIN" helpers check-docker "$@"
}

# create_container_manifest ID BATCH TIER: prints a JSON object describing the container.
create_container_manifest() {
  "$CFN_WAVE_BIN" helpers manifest-entry "$@"
}

# log_container ID DIR: saves the container's logs to DIR/ID.log.
log_container() {
  "$CFN_WAVE_BIN" helpers save-logs "$@"
}
