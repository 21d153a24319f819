#!/usr/bin/env bash
# The test command behind `make test`. With CI=true the gateway tests also run on
# MariaDB and the machine's Redis, and fail (never skip) if those are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

# Browser tests drive Debian's Chromium through playwright-core (`npx playwright install`
# cannot download browsers here). A clean CI machine gets both on first run.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && command -v apt-get >/dev/null; then
  echo "installing chromium for the browser tests…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ -f testing/e2e/package-lock.json ] && [ ! -d testing/e2e/node_modules/playwright-core ]; then
  (cd testing/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

.venv/bin/python -m pytest "$@"
