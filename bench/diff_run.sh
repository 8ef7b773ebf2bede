#!/usr/bin/env bash
# covbar diff against diff-cover and against `git diff` alone, in the same run, on a large
# Cobertura report and a pull-request-sized diff (20 files, 20 lines each).
#   bench/diff_run.sh [MEGABYTES]   (default 100)
# Both tools must report the same changed-line totals before any time is printed. Needs
# diff-cover and /usr/bin/time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
top="$PWD"
mb="${1:-100}"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVBAR_BENCH=ON >/dev/null
cmake --build build-bench -j "$(nproc)" --target covbar covbar_generate_report >/dev/null
covbar="$PWD/build-bench/covbar"
work="${BENCH_DIR:-/tmp/covbar-bench}/diff"
rm -rf "$work" && mkdir -p "$work/repo"
# shellcheck source=bench/lib.sh
source "$top/bench/lib.sh"
"$top/build-bench/bench/covbar_generate_report" cobertura "$mb" "$work/coverage.xml" "$work/repo" >/dev/null
cd "$work/repo"
# A repository holding every file the report names (400 lines each), 20 of which the pull
# request changes (their last 20 lines are new): git diff then works on a realistic tree.
files=$(grep -c '<class ' "$work/coverage.xml")
python3 - "$files" <<'PY'
import os, sys
os.makedirs("pkg", exist_ok=True)
for k in range(int(sys.argv[1])):
    lines = 380 if k < 20 else 400
    with open(f"pkg/m{k}.py", "w") as f:
        f.writelines(f"x = {i}\n" for i in range(1, lines + 1))
PY
git init -q -b main
git add -A && git -c user.email=b@b -c user.name=b commit -qm base
git checkout -qb feature
for k in $(seq 0 19); do seq 381 400 | sed 's/^/y = /' >>"pkg/m$k.py"; done
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
