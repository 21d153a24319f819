#!/usr/bin/env bash
# The test command behind `make test`. With CI=true the gateway tests also run on
# MariaDB and the machine's Redis, and fail (never skip) if those are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/python -m pytest "$@"
