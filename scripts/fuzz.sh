#!/usr/bin/env bash
# Fuzzes the parsers of share links, pasted text, terminal result blocks and
# phone codes / notes (crates/core/tests/fuzz_parsers.rs) in release mode: by
# default 340,000 inputs per target, 1,360,000 in total. Override with
# SD_FUZZ_CASES (per target).
set -euo pipefail
cd "$(dirname "$0")/.."
per_target=${SD_FUZZ_CASES:-340000}
start=$(date +%s)
echo "fuzzing: $per_target cases per target (release build)..." >&2
if ! out=$(SD_FUZZ_CASES=$per_target cargo test --release -p sd-core --test fuzz_parsers -- --nocapture 2>&1); then
  echo "$out"
  echo "FUZZING FAILED" >&2
  exit 1
fi
echo "$out" | awk '/^FUZZ-COUNT/ { printf "%-30s %10d\n", $2, $3; total += $3 } END { printf "%-30s %10d\n", "total", total }'
echo "$out" | awk '/test result:/ { sub(/.*finished in /, ""); print "fuzzing time: " $0 }'
echo "wall time: $(( $(date +%s) - start )) s (including the build)"
