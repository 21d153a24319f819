#!/usr/bin/env bash
# Build one React app (frontend/ or admin/) if its sources changed since the last build.
set -euo pipefail
app=$1
cd "$(dirname "$0")/../$app"
stamp=dist/.source-hash
# Hash only the inputs that exist (an app need not have public/): a missing path must not
# abort the script under `set -e -o pipefail`.
inputs=$(ls -d src public index.html package.json package-lock.json vite.config.* tsconfig*.json 2>/dev/null || true)
hash=$(find $inputs -type f | sort | xargs cat | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -d node_modules ]; then
  echo "$app: build is up to date"; exit 0
fi
echo "$app: installing and building…"
# The lock files list every platform's optional packages (rollup, esbuild), so npm ci installs
# exactly what is committed and never rewrites the lock: a fresh clone stays clean.
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
npm run build
echo "$hash" > "$stamp"
