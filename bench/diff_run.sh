#!/usr/bin/env bash
# covbar diff against diff-cover and against `git diff` alone, in the same run, on a large
# Cobertura report of real shape and a pull-request-sized diff (20 files).
#   bench/diff_run.sh [MEGABYTES]   (default 100)
# The report is coverage.py 6.5's with branches (fixtures/coveragepy-6.5.0-branch), repeated
# to size by bench/real_shape.py under r0/, r1/, ...; the repository holds each copy of the
# project it measured (fixtures/projects/python/calc). On main, twenty copies lack ops.py's
# last two functions; the pull request adds them back (14 lines each, the lines the report
# measures). Both tools must report the same changed-line totals before any time is printed.
# Needs diff-cover and /usr/bin/time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
top="$PWD"
mb="${1:-100}"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVBAR_BENCH=ON >/dev/null
cmake --build build-bench -j "$(nproc)" --target covbar >/dev/null
covbar="$PWD/build-bench/covbar"
work="${BENCH_DIR:-/tmp/covbar-bench}/diff"
rm -rf "$work" && mkdir -p "$work/repo"
# shellcheck source=bench/lib.sh
source "$top/bench/lib.sh"
copies=$(python3 "$top/bench/real_shape.py" "$top/fixtures/coveragepy-6.5.0-branch/coverage.xml" \
  "$mb" "$work/coverage.xml")
# The report's <source> is where coverage.py ran; here it is the repository.
sed -i "s|<source>/tmp/covbar-fixture/python/calc</source>|<source>$work/repo</source>|" \
  "$work/coverage.xml"
cd "$work/repo"
python3 - "$top/fixtures/projects/python/calc" "$copies" <<'PY'
import os, shutil, sys
calc, copies = sys.argv[1], int(sys.argv[2])
for k in range(copies):
    shutil.copytree(calc, f"r{k}")
    if k < 20:  # main: without total() and never_called()
        with open(f"r{k}/ops.py") as f:
            text = f.read()
        with open(f"r{k}/ops.py", "w") as f:
            f.write(text[: text.index("def total(")])
PY
git init -q -b main
git add -A && git -c user.email=b@b -c user.name=b commit -qm base
git checkout -qb feature
for k in $(seq 0 19); do cp "$top/fixtures/projects/python/calc/ops.py" "r$k/ops.py"; done
git -c user.email=b@b -c user.name=b commit -qam change
measure() { # label command...: prints "label seconds peak_MB"
  local label="$1" s kb
  shift
  read -r s kb < <(best_of "$@")
  echo "$label $s $((kb / 1024))"
}

"$covbar" diff "$work/coverage.xml" --compare-branch main --json "$work/covbar.json" >/dev/null
diff-cover "$work/coverage.xml" --compare-branch main --json-report "$work/dc.json" >/dev/null
python3 - "$work/covbar.json" "$work/dc.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ["total_num_lines", "total_num_violations", "total_percent_covered", "num_changed_lines"]
if any(a[k] != b[k] for k in keys) or \
   any(a["src_stats"][f]["violation_lines"] != b["src_stats"][f]["violation_lines"] for f in b["src_stats"]):
    sys.exit("MISMATCH: covbar %s, diff-cover %s" % ({k: a[k] for k in keys}, {k: b[k] for k in keys}))
print("agree: %d changed lines measured, %d uncovered" % (a["total_num_lines"], a["total_num_violations"]))
PY
{
  measure "git-diff" git diff --no-color -U0 main...
  measure "covbar" "$covbar" diff "$work/coverage.xml" --compare-branch main
  measure "diff-cover" diff-cover "$work/coverage.xml" --compare-branch main
} >"$work/results"
awk -v mb="$(($(stat -c %s "$work/coverage.xml") / 1048576))" '
  { t[$1] = $2; m[$1] = $3 }
  END {
    printf "report %d MB\n%-11s %8s %9s\n", mb, "tool", "seconds", "peak_MB"
    for (k in t) printf "%-11s %8.3f %9d\n", k, t[k], m[k]
    g = (t["git-diff"] > 0 ? t["git-diff"] : 0.005); c = (t["covbar"] > 0 ? t["covbar"] : 0.005)
    printf "covbar / git diff: %.1fx the time\n", c / g
    printf "diff-cover / covbar: %.1fx the time, %.1fx the memory\n", t["diff-cover"] / c, m["diff-cover"] / m["covbar"]
  }' "$work/results"
