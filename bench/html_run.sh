#!/usr/bin/env bash
# HTML report writing time on one large synthetic project, against covbar's own JSON and the
# HTML of coverage.py (`coverage html`, Debian's python3-coverage) and lcov's genhtml on the
# same data, plus the size of each index page.
#   bench/html_run.sh [FILES] [LINES_PER_FILE]     (default: 30000 60)
# The project: FILES Python modules of LINES_PER_FILE one-statement lines, every fourth line
# not run; the same hits written as LCOV (covbar, genhtml) and as a .coverage data file
# (coverage.py). Best of $BENCH_RUNS runs (default 1 here: genhtml takes minutes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
files=${1:-30000}
lines=${2:-60}
export BENCH_RUNS=${BENCH_RUNS:-1}

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVBAR_BENCH=ON >/dev/null
cmake --build build-bench -j "$(nproc)" --target covbar >/dev/null
work="${BENCH_DIR:-/tmp/covbar-bench}/html-$files"
covbar="$PWD/build-bench/covbar"
rm -rf "$work"
mkdir -p "$work/src"
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

/usr/bin/python3 - "$work" "$files" "$lines" <<'PY'
import os, sys
from coverage import CoverageData
work, files, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
src = os.path.join(work, "src")
data = CoverageData(basename=os.path.join(work, ".coverage"))
measured = {}
with open(os.path.join(work, "report.info"), "w") as lcov:
    for i in range(files):
        rel = f"pkg{i // 100}/mod{i}.py"
        path = os.path.join(src, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.writelines(f"x{n} = {n}\n" for n in range(1, lines + 1))
        hit = [n for n in range(1, lines + 1) if n % 4 != 0]
        measured[path] = hit
        lcov.write(f"SF:{rel}\n")
        lcov.writelines(f"DA:{n},{0 if n % 4 == 0 else 1}\n" for n in range(1, lines + 1))
        lcov.write(f"LF:{lines}\nLH:{len(hit)}\nend_of_record\n")
    for pkg in range(0, (files + 99) // 100):
        open(os.path.join(src, f"pkg{pkg}", "__init__.py"), "w").close()
data.add_lines(measured)
data.write()
PY

cd "$work/src"
git init -q . # covbar resolves paths against a repository root
git add -A >/dev/null
printf '%-28s %9s %12s %14s\n' tool seconds peak_RSS_MB index_KB
row() {
  local name=$1 index=$2
  shift 2
  read -r s kb < <(best_of "$@")
  printf '%-28s %9s %12d %14s\n' "$name" "$s" $((kb / 1024)) \
    "$([[ -n "$index" && -f "$index" ]] && echo $(($(stat -c %s "$index") / 1024)) || echo -)"
}
row "covbar check --json" "" "$covbar" check ../report.info --allow-empty --json "$work/out.json"
row "covbar check --html" "$work/covbar-html/index.html" \
  "$covbar" check ../report.info --allow-empty --html "$work/covbar-html"
row "coverage html (6.5.0)" "$work/coverage-html/index.html" \
  python3-coverage html --data-file="$work/.coverage" -d "$work/coverage-html"
row "genhtml (lcov 1.16)" "$work/genhtml/index.html" \
  genhtml -q ../report.info -o "$work/genhtml"
# covbar's count of the generated lines (FILES x LINES, three in four covered).
grep -o '"lines":{"covered":[0-9]*,"total":[0-9]*}' "$work/out.json" | head -1
