#!/usr/bin/env bash
# One-command deploy to any static folder: builds the release page (with its
# CSP meta tag and _headers) and copies it into DIR, replacing what a previous
# deploy put there. Usage: scripts/deploy.sh /var/www/session-doctor
set -euo pipefail
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: scripts/deploy.sh DIR   (a folder your web server serves)" >&2
  exit 2
fi
target=$1
cd "$(dirname "$0")/.."
bash scripts/build.sh
# build.sh already refused a dev build; check again what is about to go out.
node scripts/harden.mjs dist >/dev/null
mkdir -p "$target"
# Old hashed files are removed so a stale wasm is never served with a new loader.
find "$target" -mindepth 1 -maxdepth 1 \( -name 'session-doctor-*' -o -name 'main-*.css' \
  -o -name index.html -o -name boot.js -o -name _headers -o -name headers.json \) -exec rm -f {} +
cp -R dist/. "$target"/
echo "Deployed to $target. Serve it over HTTPS with the headers in $target/_headers (docs/hosting.md)."
