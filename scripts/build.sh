#!/usr/bin/env bash
# Release build for a static host, into dist/. Works under any sub-path
# (public_url = "./"): copy dist/ anywhere and open index.html there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release "$@"
