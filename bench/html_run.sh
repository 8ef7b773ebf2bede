#!/usr/bin/env bash
# HTML report writing time on one large project of real shape, against covbar's own JSON and
# the HTML of coverage.py (`coverage html`, Debian's python3-coverage) and lcov's genhtml on
# the same data, plus the size of each index page.
#   bench/html_run.sh [COPIES]     (default: 10000)
# The project: COPIES copies of the Python project coverage.py measured for
# fixtures/coveragepy-6.5.0-lines (three modules each, under r0/, r1/, ...), and that report
# repeated to match by bench/real_shape.py. covbar reads the report coverage.py wrote; the
# same hits go to coverage.py as a .coverage data file and to genhtml as LCOV. Best of
# $BENCH_RUNS runs (default 1 here: coverage html takes minutes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
top="$PWD"
copies=${1:-10000}
export BENCH_RUNS=${BENCH_RUNS:-1}

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVBAR_BENCH=ON >/dev/null
cmake --build build-bench -j "$(nproc)" --target covbar >/dev/null
work="${BENCH_DIR:-/tmp/covbar-bench}/html-$copies"
covbar="$PWD/build-bench/covbar"
rm -rf "$work"
mkdir -p "$work/src"
# shellcheck source=bench/lib.sh
source "$top/bench/lib.sh"

fixture="$top/fixtures/coveragepy-6.5.0-lines/coverage.xml"
made=$(python3 "$top/bench/real_shape.py" "$fixture" "${copies}x" "$work/coverage.xml")
sed -i "s|<source>/tmp/covbar-fixture/python/calc</source>|<source>$work/src</source>|" \
  "$work/coverage.xml"
/usr/bin/python3 - "$work" "$top/fixtures/projects/python/calc" "$made" "$work/coverage.xml" <<'PY'
import os, shutil, sys
import xml.etree.ElementTree as ET
from coverage import CoverageData
work, calc, copies, report = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
src = os.path.join(work, "src")
for k in range(copies):
    shutil.copytree(calc, os.path.join(src, f"r{k}"))
data = CoverageData(basename=os.path.join(work, ".coverage"))
measured = {}
with open(os.path.join(work, "report.info"), "w") as lcov:
    for cls in ET.parse(report).iter("class"):
        rel = cls.get("filename")
        lines = [(int(l.get("number")), int(l.get("hits"))) for l in cls.iter("line")]
        measured[os.path.join(src, rel)] = [n for n, hits in lines if hits > 0]
        lcov.write(f"SF:{rel}\n")
        lcov.writelines(f"DA:{n},{hits}\n" for n, hits in lines)
        lcov.write(f"LF:{len(lines)}\nLH:{sum(1 for _, h in lines if h > 0)}\nend_of_record\n")
data.add_lines(measured)
data.write()
PY

cd "$work/src"
git init -q . # covbar resolves paths against a repository root
git add -A >/dev/null
echo "$made copies, $(find . -name '*.py' | wc -l) modules"
printf '%-28s %9s %12s %14s\n' tool seconds peak_RSS_MB index_KB
row() {
  local name=$1 index=$2
  shift 2
  read -r s kb < <(best_of "$@")
  printf '%-28s %9s %12d %14s\n' "$name" "$s" $((kb / 1024)) \
    "$([[ -n "$index" && -f "$index" ]] && echo $(($(stat -c %s "$index") / 1024)) || echo -)"
}
row "covbar check --json" "" "$covbar" check ../coverage.xml --json "$work/out.json"
row "covbar check --html" "$work/covbar-html/index.html" \
  "$covbar" check ../coverage.xml --html "$work/covbar-html"
row "coverage html (6.5.0)" "$work/coverage-html/index.html" \
  python3-coverage html --data-file="$work/.coverage" -d "$work/coverage-html"
row "genhtml (lcov 1.16)" "$work/genhtml/index.html" \
  genhtml -q ../report.info -o "$work/genhtml"
# covbar's totals: the copies times the fixture's 30 of 40 lines.
grep -o '"lines":{"covered":[0-9]*,"total":[0-9]*}' "$work/out.json" | head -1
