#!/usr/bin/env bash
# Install a Docker engine and Compose v2 from Debian's packages (no other registry needed):
# docker.io and debootstrap from the machine's own suite, and the docker-compose plugin from
# the next Debian release when this one has only Compose v1 (bookworm ships 1.29, which cannot
# read our compose file). Idempotent: installs only what is missing. Needs root.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io debootstrap xz-utils >/dev/null
fi

if ! docker compose version >/dev/null 2>&1; then
  MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
  SUITE=${COMPOSE_SUITE:-trixie}
  arch=$(dpkg --print-architecture)
  # The current file name of the package, from the suite's own index.
  deb=$(curl -fsSL "$MIRROR/dists/$SUITE/main/binary-$arch/Packages.xz" | xz -d \
    | awk '/^Package: docker-compose$/{p=1} p && /^Filename:/{print $2; exit}')
  [ -n "$deb" ] || { echo "docker-compose not found in Debian $SUITE" >&2; exit 1; }
  tmp=$(mktemp -d)
  curl -fsSL -o "$tmp/compose.deb" "$MIRROR/$deb"
  dpkg-deb -x "$tmp/compose.deb" "$tmp/root"
  $SUDO install -D -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" \
    /usr/local/lib/docker/cli-plugins/docker-compose
  rm -rf "$tmp"
fi
docker compose version
