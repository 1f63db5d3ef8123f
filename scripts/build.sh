#!/usr/bin/env bash
# Release build for a static host, into dist/. Works under any sub-path
# (public_url = "./"): copy dist/ anywhere and open index.html there.
# After Trunk, scripts/harden.mjs adds the Content-Security-Policy meta tag (with
# the hash of Trunk's inline loader) and writes dist/_headers; it refuses a dev
# build. docs/hosting.md says which host needs what.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release "$@"
node scripts/harden.mjs dist
