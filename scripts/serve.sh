#!/usr/bin/env bash
# Installs what is missing, makes the release build (scripts/build.sh) and serves
# dist/ on http://127.0.0.1:8080 with the production headers (simulated API
# selected, no token needed). PORT=9000 scripts/serve.sh for another port.
# Never `trunk serve`: its dev build (with a live-reload script) would land in
# dist/, where a deploy could pick it up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
PORT="${PORT:-8080}"
echo "Session Doctor: serving the release build on http://127.0.0.1:$PORT/"
exec node scripts/static.mjs dist "$PORT"
