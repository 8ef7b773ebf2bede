#!/usr/bin/env bash
# Merging one file listed in many LCOV records: time and peak memory of `covbar check` as the
# records double. Linear merging doubles the time with the records; merging one record at a
# time into the growing file quadrupled it.
#   bench/repeated_records.sh [RECORDS...]     (default: 10000 20000 40000)
# COVBAR names the binary to time (default: build-bench/covbar, built as bench/run.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
counts=("$@")
((${#counts[@]})) || counts=(10000 20000 40000)
covbar="${COVBAR:-}"
if [[ -z "$covbar" ]]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVBAR_BENCH=ON >/dev/null
  cmake --build build-bench -j "$(nproc)" --target covbar >/dev/null
  covbar="$PWD/build-bench/covbar"
fi
covbar="$(realpath "$covbar")"
work="${BENCH_DIR:-/tmp/covbar-bench}"
mkdir -p "$work"
printf '%-8s %10s %8s %12s\n' records functions seconds peak_RSS_MB
for n in "${counts[@]}"; do
  file="$work/repeated-$n.info"
  # Each record: five functions of its own, one shared by all, a line and a branch of its own.
  awk -v n="$n" 'BEGIN {
    for (r = 0; r < n; ++r) {
      print "SF:src/a.c"
      print "FN:1,shared"; print "FNDA:1,shared"
      for (i = 0; i < 5; ++i) { printf "FN:%d,f_%d_%d\nFNDA:%d,f_%d_%d\n", r * 5 + i + 2, r, i, i % 2, r, i }
      printf "DA:%d,%d\nBRDA:%d,0,0,%d\n", r + 2, r % 3, r + 2, r % 2
      print "end_of_record"
    }
  }' > "$file"
  # Run from $work, outside any repository: synthetic paths are not checked against one.
  read -r seconds kb < <(cd "$work" && /usr/bin/time -f '%e %M' "$covbar" check "$file" \
    --allow-empty >/dev/null 2>"$work/time.txt"; tail -1 "$work/time.txt")
  printf '%-8s %10s %8s %12s\n' "$n" $((n * 5 + 1)) "$seconds" $((kb / 1024))
done
