#!/usr/bin/env bash
# Screenshots of the main states (page open, bad token, session, verdict, paste,
# terminal, shared report, bad link, clipboard refused) at 1280 and 375 px, light
# and dark, for review by eye (no pixel comparison). Written outside the
# repository: to DIR, default ${TMPDIR:-/tmp}/session-doctor-shots.
#   scripts/screenshots.sh [DIR]      (builds dist/ first when it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-${TMPDIR:-/tmp}/session-doctor-shots}
case "$(cd "$(dirname "$OUT")" 2>/dev/null && pwd)/" in
  "$PWD"/*) echo "screenshots.sh: write the screenshots outside the repository, not to $OUT" >&2; exit 2 ;;
esac
[ -f dist/index.html ] || bash scripts/build.sh
export PATH="$PWD/node_modules/.bin:$PATH"
SD_DIST="$PWD/dist" node scripts/screenshots.mjs "$OUT"
