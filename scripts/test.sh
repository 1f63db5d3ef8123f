#!/usr/bin/env bash
# Runs every test: lint, native unit tests of the core and the mock server, the
# component tests in headless Chromium, the release build and its size budget,
# the SDK fidelity check against the mock, and the end-to-end browser suite.
# Installs what is missing first (scripts/setup.sh). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "format and lint"
cargo fmt --all -- --check
cargo clippy -p sd-core -p sd-mock --all-targets -- -D warnings
cargo clippy -p session-doctor --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native unit and integration tests (core, mock server, terminal doctor fixture machines under dash, busybox ash and bash)"
SD_REQUIRE_SHELLS=1 cargo test -p sd-core -p sd-mock

step "component tests in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p session-doctor --target wasm32-unknown-unknown

step "release build (hardened: CSP meta, _headers) and size budget"
trunk build --release
node scripts/harden.mjs dist
bash scripts/size.sh --strict

step "mock server fidelity against the official anthropic Python SDK"
cargo build -p sd-mock --release
python3 tests/sdk_fidelity.py --mock-bin target/release/sd-mock

# Served by Debian's nginx with the production headers (CSP, framing, cache,
# gzip) under a sub-path; any CSP violation fails a test. SD_STATIC=node serves
# with the small Node server instead (no headers, meta CSP only).
step "end-to-end suite: release page (nginx, production headers) + mock server in headless Chromium"
SD_STATIC="${SD_STATIC:-nginx}" SD_DIST="$PWD/dist" SD_MOCK_BIN="$PWD/target/release/sd-mock" \
  node --test --test-concurrency=2 tests/e2e/

step "all tests passed"
