#!/usr/bin/env bash
# Builds the local images, without a registry:
#  - cfn-wave/busybox:latest, the test image, from Debian's busybox-static with `docker import`;
#  - cfn-wave/demo-agent:latest (examples/demo-agent) and cfn-wave/test-agent:latest
#    (src/test/docker/test-agent, runs each batch's task_prompt as a script) on top of it with
#    `docker build` (offline, since its base image is local).
# Safe to repeat: an image that is present and up to date is kept.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE="${CFN_TEST_IMAGE:-cfn-wave/busybox:latest}"
DEMO_IMAGE="${CFN_DEMO_IMAGE:-cfn-wave/demo-agent:latest}"
TEST_AGENT_IMAGE="${CFN_TEST_AGENT_IMAGE:-cfn-wave/test-agent:latest}"
# Not a cfn.* label: containers inherit their image's labels.
SOURCE_LABEL=dev.cfnwave.image.source
log() { printf '%s build-images: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

build_busybox() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    log "$IMAGE already present"
    return 0
  fi

  local busybox=/bin/busybox root applet
  # A scratch image has no libc, so only a statically linked busybox runs in it.
  is_static() { [[ -x "$1" ]] && ! ldd "$1" >/dev/null 2>&1; }

  if ! is_static "$busybox"; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      log "installing busybox-static"
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -qq busybox-static >&2 || { apt-get update -qq >&2; apt-get install -y -qq busybox-static >&2; }
    else
      log "a static busybox is needed at /bin/busybox: install your distribution's busybox-static"
      exit 1
    fi
  fi

  root=$(mktemp -d)
  # shellcheck disable=SC2064 # expand $root now: it is local
  trap "rm -rf '$root'" EXIT
  mkdir -p "$root/bin" "$root/tmp" "$root/workspace" "$root/etc"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  echo 'nogroup:x:65534:' >>"$root/etc/group"
  chmod 1777 "$root/tmp"

  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/bin' \
    --change 'CMD ["/bin/sh"]' \
    - "$IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
  log "built $IMAGE ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes)"
}

# Builds an image FROM the local busybox image (offline) out of a folder with a Dockerfile;
# rebuilds only when the folder's files or the base image changed.
build_on_busybox() {
  local image=$1 context=$2 source current output
  source=$({
    docker image inspect --format '{{.Id}}' "$IMAGE"
    find "$context" -type f | LC_ALL=C sort | xargs cat
  } | cksum | cut -d ' ' -f 1)
  current=$(docker image inspect --format "{{index .Config.Labels \"$SOURCE_LABEL\"}}" "$image" 2>/dev/null || true)
  if [[ "$current" == "$source" ]]; then
    log "$image already present"
    return 0
  fi
  if ! output=$(docker build --build-arg "BASE_IMAGE=$IMAGE" --label "$SOURCE_LABEL=$source" \
    -t "$image" "$context" 2>&1); then
    printf '%s\n' "$output" >&2
    log "docker build of $image failed"
    exit 1
  fi
  log "built $image"
}

build_busybox
build_on_busybox "$DEMO_IMAGE" "$ROOT/examples/demo-agent"
build_on_busybox "$TEST_AGENT_IMAGE" "$ROOT/src/test/docker/test-agent"
