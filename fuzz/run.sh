#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer under ASan+UBSan, two targets at a time (one per core),
# growing fuzz/corpus/<target> from seeds in fixtures/ and ../shared/conformance/.
#   fuzz/run.sh [SECONDS_PER_TARGET [TARGET...]]   (default 900, every target)
# Needs clang-14 and libclang-rt-14-dev. Crashes land in fuzz/findings/<target>/; the corpus
# is minimised (libFuzzer -merge=1) before it is kept.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-900}"
build="build-fuzz"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOVBAR_LIBFUZZER=ON -DCOVBAR_SANITIZE=ON >/dev/null
targets=(cobertura lcov istanbul_final istanbul_summary unified_diff cross_format)
if (($# > 1)); then
  targets=("${@:2}")
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

seeds() { # target -> seed directories
  case "$1" in
  cobertura) echo fixtures ../shared/conformance/cobertura ;;
  lcov) echo fixtures ../shared/conformance/lcov ;;
  istanbul_final | istanbul_summary) echo fixtures ../shared/conformance/istanbul ;;
  unified_diff) echo ../shared/conformance/diff ;;
  cross_format) echo fixtures ;;
  esac
}

run_one() {
  local t="$1"
  local grown="$build/corpus-$t"
  mkdir -p "$grown" "fuzz/corpus/$t" "fuzz/findings/$t"
  local started
  started=$(date +%s)
  # shellcheck disable=SC2046
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/findings/$t/" -print_final_stats=1 "$grown" "fuzz/corpus/$t" \
    $(for d in $(seeds "$t"); do [[ -d "$d" ]] && echo "$d"; done) >"$build/log-$t.txt" 2>&1 || true
  local minimized="$build/min-$t"
  rm -rf "$minimized" && mkdir -p "$minimized"
  "$build/fuzz/fuzz_$t" -merge=1 "$minimized" "fuzz/corpus/$t" "$grown" >/dev/null 2>&1 || true
  rm -rf "fuzz/corpus/$t" && mv "$minimized" "fuzz/corpus/$t"
  local runs findings elapsed
  elapsed=$(($(date +%s) - started))
  runs=$(grep -E '^stat::number_of_executed_units' "$build/log-$t.txt" | awk '{print $2}')
  findings=$(find "fuzz/findings/$t" -type f | wc -l)
  echo "$t: ${runs:-?} executions in ${elapsed}s (limit ${seconds}s), $findings findings, corpus $(find "fuzz/corpus/$t" -type f | wc -l) inputs"
}

jobs=0
for t in "${targets[@]}"; do
  run_one "$t" &
  jobs=$((jobs + 1))
  if ((jobs % $(nproc) == 0)); then wait; fi
done
wait
