#!/usr/bin/env bash
# Drop-in for the skill's monitor-wave.sh: runs `cfn-wave monitor` with the same options and exit codes.
# lib/docker-helpers.sh says where it looks for cfn-wave.
set -euo pipefail

self=${BASH_SOURCE[0]}
while [[ -L "$self" ]]; do
  link=$(readlink "$self")
  if [[ "$link" == /* ]]; then
    self=$link
  else
    [[ "$self" == */* ]] && self=${self%/*}/$link || self=$link
  fi
done
[[ "$self" == */* ]] && dir=${self%/*} || dir=.
# Sets CFN_WAVE_BIN; prints how to install cfn-wave and exits 2 when it finds none.
# shellcheck source=SCRIPTDIR/lib/docker-helpers.sh
source "$dir/lib/docker-helpers.sh"

exec "$CFN_WAVE_BIN" monitor "$@"
