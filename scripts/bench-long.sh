#!/usr/bin/env bash
# Long-session benchmark: per-heartbeat main-thread cost and memory (JS heap + WASM
# memory, and the DOM's) at 10, 100, 1,000 and 8,640 heartbeats (24 h at 10 s) of a
# simulated session at 3600x in headless Chromium. Prints figures; fails only when the
# page cannot be driven. About 3-6 min on 2 cores for 8,640.
#   scripts/bench-long.sh            # release build if dist/ is missing, then 8,640
#   scripts/bench-long.sh 1000       # a quicker run: up to 1,000 heartbeats
#   scripts/bench-long.sh --build    # rebuild dist/ first (scripts/build.sh)
#   SD_DIST=/path/to/dist scripts/bench-long.sh   # measure another build
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --build ] || { [ -z "${SD_DIST:-}" ] && [ ! -d dist ]; }; then
  [ "${1:-}" = --build ] && shift
  bash scripts/build.sh >&2
fi
[ -d node_modules/playwright-core ] || bash scripts/setup.sh >&2
exec node tests/bench/long.mjs "$@"
