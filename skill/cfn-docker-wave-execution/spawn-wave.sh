#!/usr/bin/env bash
# Drop-in for the skill's spawn-wave.sh: runs `cfn-wave spawn` with the same options and exit codes.
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
# -P: through .claude/skills/cfn-docker-wave-execution, a symlink, ".." must leave the real folder.
ROOT=$(cd -P -- "$dir/../.." && pwd)

exec "$ROOT/bin/cfn-wave" spawn "$@"
