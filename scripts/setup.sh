#!/usr/bin/env bash
# Installs everything Session Doctor needs, skipping what is already there.
# Safe to run many times; used by `scripts/serve.sh`, `scripts/test.sh` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WB_VERSION=${WB_VERSION:-0.2.130}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
# dash and busybox: the terminal doctor's script is tested under dash, busybox ash and bash.
for pair in chromium:chromium chromedriver:chromium-driver curl:curl brotli:brotli dash:dash busybox:busybox-static; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
done
# nginx serves the release build for the end-to-end suite (production headers).
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION"; then
  log "installing wasm-bindgen-cli $WB_VERSION"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked --force \
    || cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# wasm-opt from npm binaryen (Debian's binaryen builds a page that fails at runtime),
# playwright-core for the end-to-end suite, axe-core for its accessibility
# checks and terser for the glue JS (scripts/harden.mjs); all from package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -d node_modules/terser ]; then
  log "installing npm packages (binaryen $BINARYEN_VERSION, playwright-core, axe-core, terser)"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

SDK_VERSION=$(sed -n 's/^anthropic==//p' tests/requirements.txt)
if ! python3 -c "import anthropic, sys; sys.exit(anthropic.__version__ != '$SDK_VERSION')" 2>/dev/null; then
  log "installing the anthropic Python SDK (for the mock fidelity check)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/requirements.txt
fi
log "ready"
