#!/usr/bin/env bash
# Prints the release dist/ size (raw, gzip -9, brotli -q 11), per file and in total,
# and the budget: at most 325 KB (325,000 bytes) brotli for the first load (docs/size.md says why).
# The first load is every file but those the page fetches only when a part is opened
# (ON_DEMAND: the terminal scripts' templates); those are listed after it.
# A benchmark that prints figures: with --strict it also exits 1 when over budget.
# Run after scripts/build.sh (scripts/test.sh does both).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${SIZE_BUDGET_BYTES:-325000}
ON_DEMAND=" doctor.sh doctor.ps1 "
STRICT=0; [ "${1:-}" = --strict ] && STRICT=1
[ -d dist ] || { echo "no dist/: run scripts/build.sh first" >&2; exit 1; }
total_raw=0; total_gz=0; total_br=0; later=""
printf '%-48s %10s %10s %10s\n' file raw gzip brotli
row() { printf '%-48s %10d %10d %10d\n' "$1" "$2" "$3" "$4"; }
while IFS= read -r f; do
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  name=${f#dist/}
  case "$ON_DEMAND" in
    *" $name "*) later="$later$(row "$name (on demand)" "$raw" "$gz" "$br")"$'\n'; continue ;;
  esac
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  row "$name" "$raw" "$gz" "$br"
# _headers and headers.json are read by the host, never downloaded by a browser.
done < <(find dist -type f ! -name _headers ! -name headers.json | sort)
row "TOTAL (first load)" "$total_raw" "$total_gz" "$total_br"
printf '%s' "$later"
if [ "$total_br" -gt "$BUDGET" ]; then
  echo "size budget: OVER by $((total_br - BUDGET)) bytes — $total_br bytes brotli > $BUDGET"
  [ "$STRICT" = 1 ] && exit 1
  exit 0
fi
echo "size budget: ok — $total_br bytes brotli <= $BUDGET"
