#!/usr/bin/env bash
# Build one React app (frontend/ or admin/) if its sources changed since the last build.
set -euo pipefail
app=$1
cd "$(dirname "$0")/../$app"
stamp=dist/.source-hash
hash=$(find src public index.html package.json package-lock.json vite.config.* tsconfig*.json -type f 2>/dev/null \
  | sort | xargs cat 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -d node_modules ]; then
  echo "$app: build is up to date"; exit 0
fi
echo "$app: installing and building…"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
npm run build
echo "$hash" > "$stamp"
