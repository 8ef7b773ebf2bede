#!/usr/bin/env bash
# Parser throughput and peak memory against `cat` of the same file, in the same run.
#   bench/run.sh [MEGABYTES...]     (default: 1 100 1024)
# First, reports of real shape: each report a tool wrote (fixtures/) repeated to each size by
# bench/real_shape.py; covbar's totals must be the copies times the tool's. Then the synthetic
# generator's reports, as a second line. For each: time `cat FILE` and `covbar check FILE`
# (best of 3, or of $BENCH_RUNS) and report MB/s, the ratio to cat, and peak RSS as a fraction
# of the input size. Needs /usr/bin/time (Debian's `time`) and python3.
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


# totals_times FILE.json N ORIGINAL.json: exit 0 when every counter of FILE's totals is N
# times ORIGINAL's (a report of real shape is N copies of the report a tool wrote).
totals_times() {
  python3 - "$@" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["totals"]
n = int(sys.argv[2])
one = json.load(open(sys.argv[3]))["totals"]
want = {m: {k: v * n for k, v in c.items()} for m, c in one.items()}
sys.exit(0 if got == want else 1)
PY
}

# measure LABEL FILE: one table row, covbar against cat on FILE (best of $BENCH_RUNS).
measure() {
  local label="$1" file="$2" bytes cat_s cov_s cov_kb
  sync "$file" # written back now, not by the kernel while the timed runs read it
  bytes=$(stat -c %s "$file")
  read -r cat_s _ < <(best_of cat "$file")
  read -r cov_s cov_kb < <(cd "$work" && best_of "$covbar" check "$file" --allow-empty)
  awk -v f="$label" -v b="$bytes" -v c="$cat_s" -v s="$cov_s" -v k="$cov_kb" 'BEGIN{
    mb=b/1048576; cs=(c>0?c:0.005); ss=(s>0?s:0.005);
    printf "%-28s %6.0f %9.0f %11.0f %7.2fx %11.0f %9.2f\n", f, mb, mb/cs, mb/ss, cs/ss, k/1024, (k*1024)/b }'
}

header() {
  printf '%-28s %6s %9s %11s %8s %11s %9s\n' report MB cat_MB/s covbar_MB/s vs_cat peak_RSS_MB \
    RSS/input
}

# Reports of real shape: reports the tools wrote (fixtures/), repeated to size under distinct
# paths by bench/real_shape.py, so every record kind, attribute and indentation is in them.
real_shape=(
  "coverage.py 6.5 branches:coveragepy-6.5.0-branch/coverage.xml"
  "gcovr 5.2 Cobertura:gcovr-5.2-c/cobertura.xml"
  "vitest v8 Cobertura:vitest-3.2.7-v8/cobertura-coverage.xml"
  "vitest istanbul LCOV:vitest-3.2.7-istanbul/lcov.info"
  "lcov 2.5 (C):lcov-2.5-c/lcov.info"
  "bun 1.4.5 LCOV:bun-1.4.5-lcov/lcov.info"
  "c8 coverage-final.json:c8-12.0.0-js/coverage-final.json"
  "jest coverage-final.json:jest-30.5.2-js/coverage-final.json"
  "vitest v8 final.json:vitest-3.2.7-v8/coverage-final.json"
)
echo "Reports of real shape (fixtures/ repeated to size):"
header
for entry in "${real_shape[@]}"; do
  label=${entry%%:*}
  source="fixtures/${entry#*:}"
  extension=${source##*.}
  for mb in "${sizes[@]}"; do
    file="$work/real-$mb.$extension"
    copies=$(python3 bench/real_shape.py "$source" "$mb" "$file")
    (cd "$work" && "$covbar" check "$OLDPWD/$source" --allow-empty --json "$work/one.json" >/dev/null)
    (cd "$work" && "$covbar" check "$file" --allow-empty --json "$work/out.json" >/dev/null)
    if ! totals_times "$work/out.json" "$copies" "$work/one.json"; then
      echo "MISMATCH $label $mb MB: $copies copies of $source do not total $copies times it" >&2
      exit 1
    fi
    measure "$label" "$file"
    rm -f "$file"
  done
done

echo
echo "Synthetic reports (bench/generate_report: no indentation, no methods, no FN records):"
header
for format in cobertura lcov istanbul; do
  for mb in "${sizes[@]}"; do
    file="$work/report-$mb.$format"
    expected=$(build-bench/bench/covbar_generate_report "$format" "$mb" "$file")
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
    measure "$format" "$file"
    rm -f "$file"
  done
done
