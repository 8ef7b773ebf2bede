#!/usr/bin/env bash
# The time from a cold job to covbar's verdict, three ways, measured the same way (wall clock
# from the first install command to covbar's exit), with the same verdict at the end
# (`covbar check` of a bundled coverage.py report, --fail-under 75):
#   before:      what the generated workflows did on a cache miss before they used the
#                action (and what covbar-install: source does now): apt-get update and
#                apt-get install of covbar's libraries (reinstalled: they are present here),
#                then a CMake Release build of covbar from a fresh folder
#   action miss: scripts/install-covbar.sh plan + install with an empty cache, downloading the
#                archive from a local copy of a GitHub release (python3 http.server)
#   action hit:  the same with the folder actions/cache would restore already in place
#   bench/install_time.sh ARCHIVE [RUNS]      (ARCHIVE: dist/covbar-VERSION-linux-ARCH.tar.gz)
# Prints the median of RUNS (default 3) for each, and the archive's size; BENCH_SKIP_BEFORE=1
# leaves out the build from source, BENCH_BEFORE_RUNS=N runs it N times. Needs root (apt-get).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

archive=$(realpath "$1")
runs=${2:-3}
name=$(basename "$archive" .tar.gz)
version=$(sed -E 's/^covbar-([0-9.]+)-.*/\1/' <<<"$name")
platform=${name#covbar-"$version"-}
var=COVBAR_SHA256_$(tr '[:lower:]-' '[:upper:]_' <<<"$platform")
sum=$(sha256sum "$archive" | cut -d' ' -f1)
report=$PWD/fixtures/coveragepy-6.5.0-branch/coverage.xml
root=$PWD/fixtures/projects/python
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rel=$work/srv/acme/covbar/releases/download/v$version
mkdir -p "$rel"
cp "$archive" "$rel/"
(cd "$work/srv" && exec python3 -u -m http.server --bind 127.0.0.1 0 >"$work/server.log" 2>&1) &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "error: the local HTTP server did not start" >&2; exit 1; }

verdict() { # covbar's verdict; a gate that does not pass here means the bench is wrong
  "$1" check "$report" --root "$root" --fail-under 75 --no-step-summary >/dev/null
}
now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f\n", a - b }'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

before() {
  local t0 build
  t0=$(now)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall libpugixml-dev \
    libsimdjson-dev libfmt-dev libcli11-dev libboost-dev libyaml-cpp-dev libpugixml1v5 \
    libsimdjson14 libfmt9 libyaml-cpp0.7 >/dev/null
  build=$work/build-$RANDOM
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$build" --target covbar -j "$(nproc)" >/dev/null
  verdict "$build/covbar"
  elapsed "$t0"
  rm -rf "$build"
}
action() { # action CACHE_ROOT
  local t0 bin
  t0=$(now)
  export COVBAR_VERSION=$version "$var=$sum" COVBAR_REPOSITORY=acme/covbar \
    GITHUB_SERVER_URL=http://127.0.0.1:$port COVBAR_CACHE_ROOT=$1 GITHUB_PATH=$work/path
  : >"$GITHUB_PATH"
  bash scripts/install-covbar.sh plan >/dev/null
  bash scripts/install-covbar.sh install >/dev/null
  bin=$(head -1 "$GITHUB_PATH")
  verdict "$bin/covbar"
  elapsed "$t0"
}

printf 'cold job to verdict, median of %s runs (%s, %s cores, load average %s)\n' "$runs" \
  "$(date -u +%F)" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
for i in $(seq "$runs"); do action "$work/miss-$i"; done | median >"$work/miss"
printf '  action, cache miss (download):   %8.2f s\n' "$(cat "$work/miss")"
action "$work/hit" >/dev/null
for _ in $(seq "$runs"); do action "$work/hit"; done | median >"$work/hit-time"
printf '  action, cache hit:               %8.2f s\n' "$(cat "$work/hit-time")"
printf 'archive %s: %s bytes; covbar inside: %s bytes\n' "$name.tar.gz" "$(stat -c %s "$archive")" \
  "$(tar -xzOf "$archive" "$name/covbar" | wc -c)"
if [[ ${BENCH_SKIP_BEFORE:-0} != 1 ]]; then
  for _ in $(seq "${BENCH_BEFORE_RUNS:-$runs}"); do before; done | median >"$work/before"
  printf '  before (apt-get + CMake build):  %8.2f s (median of %s)\n' "$(cat "$work/before")" \
    "${BENCH_BEFORE_RUNS:-$runs}"
fi
