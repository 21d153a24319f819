#!/usr/bin/env bash
# Build every base image the compose stack needs without an image registry: a Debian base
# from debootstrap, then Python, Node, nginx, MariaDB, Redis and Prometheus images from
# Debian's packages (plus PyPI and npm inside the app builds). Use it where Docker Hub
# cannot be reached, together with deploy/compose.local.yml:
#
#   deploy/local-images.sh            # builds what is missing (cached: a second run is instant)
#   deploy/local-images.sh --rebuild  # builds everything again
#
# Needs: a running Docker engine, debootstrap, and network access to a Debian mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

REBUILD=0
[ "${1:-}" = "--rebuild" ] && REBUILD=1
SUITE=${DEBIAN_SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p; s/^deb \+\(http[^ ]*\) .*/\1/p' \
  /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null | grep -m1 debian || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
BASE=local/debian:$SUITE
TORCH_WHEEL=${TORCH_WHEEL:-$(ls /opt/wheels/torch-2.13.0*-cp311-*.whl 2>/dev/null | head -1 || true)}
LOCAL=deploy/docker/local

have() { [ "$REBUILD" = 0 ] && docker image inspect "$1" >/dev/null 2>&1; }
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

build_base() {
  if have "$BASE"; then step "$BASE: cached"; return; fi
  step "$BASE: debootstrap $SUITE from $MIRROR"
  local root; root=$(mktemp -d)
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >/dev/null
  # The build machine's extra CAs (a TLS-inspecting proxy, say) go in too, so pip, npm and apt
  # inside the images trust what the host trusts; installing ca-certificates later keeps them.
  mkdir -p "$root/usr/local/share/ca-certificates" "$root/etc/ssl/certs"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
  [ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  local bundle=/etc/ssl/certs/ca-certificates.crt
  tar -C "$root" -c . | docker import \
    --change "ENV SSL_CERT_FILE=$bundle PIP_CERT=$bundle REQUESTS_CA_BUNDLE=$bundle NODE_EXTRA_CA_CERTS=$bundle" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    - "$BASE" >/dev/null
  rm -rf "$root"
}

# build_image TAG DOCKERFILE [context files...]: a small context holding only what it needs.
build_image() {
  local tag=$1 dockerfile=$2; shift 2
  if have "$tag"; then step "$tag: cached"; return; fi
  step "$tag: building"
  local ctx; ctx=$(mktemp -d)
  cp "$dockerfile" "$ctx/Dockerfile"
  for item in "$@"; do cp -a "$item" "$ctx/"; done
  docker build --network host --build-arg "BASE=$BASE" -t "$tag" "$ctx"
  rm -rf "$ctx"
}

build_base

wheels=$(mktemp -d)/wheels && mkdir -p "$wheels"
if [ -n "$TORCH_WHEEL" ]; then cp "$TORCH_WHEEL" "$wheels/"; fi
build_image local/python:3.11 "$LOCAL/python.Dockerfile" "$wheels"
rm -rf "$(dirname "$wheels")"

node_dir=$(mktemp -d)
cp "$(command -v node)" "$node_dir/node"
cp -a "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$node_dir/npm"
build_image local/node:20 "$LOCAL/node.Dockerfile" "$node_dir/node" "$node_dir/npm"
rm -rf "$node_dir"

build_image local/nginx "$LOCAL/nginx.Dockerfile"
build_image local/mariadb "$LOCAL/mariadb.Dockerfile" "$LOCAL/mariadb-entrypoint.sh"
build_image local/redis "$LOCAL/redis.Dockerfile"
build_image local/prometheus "$LOCAL/prometheus.Dockerfile"

step "base images ready:"
docker image ls --filter 'reference=local/*' --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
