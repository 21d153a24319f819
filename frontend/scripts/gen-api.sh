#!/usr/bin/env bash
# Regenerate src/api/schema.d.ts (and src/api/vocab.json) from the gateway's OpenAPI schema.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-}
for candidate in ../.venv/bin/python /work/venv/bin/python python3; do
  if [ -z "$py" ] && command -v "$candidate" >/dev/null; then py=$candidate; fi
done
"$py" scripts/dump_openapi.py openapi.json src/api/vocab.json
npx openapi-typescript openapi.json -o src/api/schema.d.ts
