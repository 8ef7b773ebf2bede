#!/usr/bin/env bash
# Parser throughput and peak memory against `cat` of the same file, in the same run.
#   bench/run.sh [MEGABYTES...]     (default: 1 100 1024)
# For each format and size: generate a report, check covbar's totals equal the generator's,
# then time `cat FILE` and `covbar check FILE` (best of 3, or of $BENCH_RUNS) and report MB/s, the ratio to cat,
# and peak RSS as a fraction of the input size. Needs /usr/bin/time (Debian's `time`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1 100 1024)

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVBAR_BENCH=ON >/dev/null
cmake --build build-bench -j "$(nproc)" --target covbar covbar_generate_report >/dev/null
work="${BENCH_DIR:-/tmp/covbar-bench}"
covbar="$PWD/build-bench/covbar"
mkdir -p "$work"
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"


printf '%-10s %8s %10s %10s %9s %10s %9s\n' format MB cat_MB/s covbar_MB/s vs_cat peak_RSS_MB RSS/input
for format in cobertura lcov istanbul; do
  for mb in "${sizes[@]}"; do
    file="$work/report-$mb.$format"
    expected=$(build-bench/bench/covbar_generate_report "$format" "$mb" "$file")
    sync "$file" # written back now, not by the kernel while the timed runs read it
    # Run from $work, outside any repository: synthetic paths are not checked against one.
    (cd "$work" && "$covbar" check "$file" --allow-empty --json "$work/out.json" >/dev/null)
    if ! python3 - "$work/out.json" "$expected" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["totals"]
want = json.loads(sys.argv[2])
sys.exit(0 if all(got[k] == v for k, v in want.items()) else 1)
PY
    then
      echo "MISMATCH $format $mb MB: covbar $(head -c 300 "$work/out.json"), generator $expected" >&2
      exit 1
    fi
    bytes=$(stat -c %s "$file")
    read -r cat_s _ < <(best_of cat "$file")
    read -r cov_s cov_kb < <(cd "$work" && best_of "$covbar" check "$file" --allow-empty)
    awk -v f="$format" -v b="$bytes" -v c="$cat_s" -v s="$cov_s" -v k="$cov_kb" 'BEGIN{
      mb=b/1048576; cs=(c>0?c:0.005); ss=(s>0?s:0.005);
      printf "%-10s %8.0f %10.0f %10.0f %8.2fx %10.0f %9.2f\n", f, mb, mb/cs, mb/ss, cs/ss, k/1024, (k*1024)/b }'
    rm -f "$file"
  done
done
