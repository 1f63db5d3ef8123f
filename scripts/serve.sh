#!/usr/bin/env bash
# Installs what is missing, builds the page and serves it on http://127.0.0.1:8080
# (simulated API selected, no token needed). PORT=9000 scripts/serve.sh for another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
PORT="${PORT:-8080}"
echo "Session Doctor: building, then serving on http://127.0.0.1:$PORT/"
exec trunk serve --release --address 127.0.0.1 --port "$PORT" --open=false
