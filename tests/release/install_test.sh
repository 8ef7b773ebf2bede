#!/usr/bin/env bash
# The action's install script (scripts/install-covbar.sh) against a release laid out as GitHub
# serves it (OWNER/covbar/releases/download/vVERSION/ARCHIVE over a local HTTP server, and a
# file:// folder), then its run script (scripts/run-covbar.sh) with the installed covbar:
#   install_test.sh ARCHIVE SOURCE_DIR
# Each check prints PASS or FAIL; exits 1 if any failed.
set -uo pipefail

archive=$(realpath "$1")
src=$(realpath "$2")
install=$src/scripts/install-covbar.sh
run=$src/scripts/run-covbar.sh
name=$(basename "$archive" .tar.gz)
version=$(sed -E 's/^covbar-([0-9.]+)-.*/\1/' <<<"$name")
platform=${name#covbar-"$version"-}
var=COVBAR_SHA256_$(tr '[:lower:]-' '[:upper:]_' <<<"$platform")
sum=$(sha256sum "$archive" | cut -d' ' -f1)
failures=0
check() { # check DESCRIPTION COMMAND...: PASS if the command succeeds
  local what=$1
  shift
  if "$@"; then echo "PASS: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The release as GitHub serves it, with a .sha256 beside the archive that is deliberately
# wrong: the script must never read it.
rel=$work/srv/acme/covbar/releases/download/v$version
mkdir -p "$rel"
cp "$archive" "$rel/"
echo "0000000000000000000000000000000000000000000000000000000000000000  $name.tar.gz" \
  >"$rel/$name.tar.gz.sha256"
(cd "$work/srv" && exec python3 -u -m http.server --bind 127.0.0.1 0 >"$work/server.log" 2>&1) &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "FAIL: the local HTTP server did not start"; exit 1; }

# One runner: its own cache root, GITHUB_PATH and output file.
runner() { # runner NAME: sets the environment of a fresh runner
  export COVBAR_CACHE_ROOT=$work/$1/cache GITHUB_PATH=$work/$1/path GITHUB_OUTPUT=$work/$1/out
  mkdir -p "$work/$1"
  : >"$GITHUB_PATH"
  : >"$GITHUB_OUTPUT"
}
base_env=(COVBAR_VERSION="$version" "$var=$sum" COVBAR_REPOSITORY=acme/covbar
  GITHUB_SERVER_URL="http://127.0.0.1:$port" RUNNER_OS=Linux RUNNER_ARCH="$(uname -m)")

runner a
env "${base_env[@]}" bash "$install" plan >"$work/a/plan"
check "plan: the cache key names the version, platform and pinned SHA-256" \
  grep -qx "key=covbar-$version-$platform-${sum:0:16}" "$work/a/plan"
check "plan: the pinned SHA-256 is the one handed on to the install step" \
  grep -qx "sha256=$sum" "$work/a/plan"
env "${base_env[@]}" bash "$install" install >"$work/a/log" 2>&1
code=$?
check "cache miss: installs from the HTTP release (exit $code)" test "$code" = 0
check "cache miss: says it downloaded" grep -q "from download" "$work/a/log"
bin=$(head -1 "$GITHUB_PATH")
check "cache miss: the folder on GITHUB_PATH holds a covbar that runs" \
  test "$("$bin/covbar" --version)" = "covbar $version"

# Cache hit: the same folder again (as actions/cache restores it), with no server at all.
env "${base_env[@]}" GITHUB_SERVER_URL=http://127.0.0.1:9 bash "$install" install >"$work/a/log2" 2>&1
code=$?
check "cache hit: installs without the network (exit $code)" test "$code" = 0
check "cache hit: says it came from the cache" grep -q "from cache" "$work/a/log2"

# No repository given (an empty github.action_repository): taken from the action's path.
runner f
env "${base_env[@]}" COVBAR_REPOSITORY= GITHUB_ACTION_PATH=/runner/_work/_actions/acme/covbar/0123abc \
  bash "$install" install >"$work/f/log" 2>&1
code=$?
check "repository from GITHUB_ACTION_PATH: installs (exit $code)" test "$code" = 0
runner a

# A cached archive that was changed is not trusted: downloaded again (file:// this time).
echo tampered >>"$COVBAR_CACHE_ROOT/covbar/$version/$platform/$name.tar.gz"
env "${base_env[@]}" COVBAR_RELEASE_URL="file://$rel" bash "$install" install >"$work/a/log3" 2>&1
code=$?
check "changed cache entry: downloaded again from file:// (exit $code)" test "$code" = 0
check "changed cache entry: says it downloaded" grep -q "from download" "$work/a/log3"

# A wrong pinned checksum (or a swapped download): the step fails, says why, installs nothing.
runner b
wrong=$(tr '0-9a-f' '1-9a-f0' <<<"$sum")
env "${base_env[@]}" "$var=$wrong" bash "$install" install >"$work/b/log" 2>&1
code=$?
check "wrong checksum: exits non-zero (exit $code)" test "$code" != 0
check "wrong checksum: a clear message naming both checksums" \
  grep -q "checksum mismatch for $name.tar.gz: expected SHA-256 $wrong (pinned in the action), got $sum" "$work/b/log"
check "wrong checksum: nothing on GITHUB_PATH" test ! -s "$GITHUB_PATH"
check "wrong checksum: nothing left in the cache folder" test ! -e "$COVBAR_CACHE_ROOT/covbar/$version/$platform"

runner c
cp "$archive" "$work/c/$name.tar.gz"
echo extra >>"$work/c/$name.tar.gz"
env "${base_env[@]}" COVBAR_RELEASE_URL="file://$work/c" bash "$install" install >"$work/c/log" 2>&1
code=$?
check "swapped archive: exits non-zero (exit $code)" test "$code" != 0
check "swapped archive: checksum mismatch reported" grep -q "checksum mismatch" "$work/c/log"

runner d
env "${base_env[@]}" "$var=" RUNNER_ARCH=PPC64 bash "$install" install >"$work/d/log" 2>&1
code=$?
check "no pinned archive for the platform: exits non-zero (exit $code)" test "$code" != 0
check "no pinned archive for the platform: says so and points at from-source" \
  grep -q "pins no covbar $version archive for linux-PPC64.*from-source: true" "$work/d/log"

# run-covbar.sh with the installed covbar: inputs arrive through the environment, each one
# argument, never evaluated by the shell.
runner e
export PATH="$bin:$PATH"
fixtures=$src/fixtures
cd "$work/e" || exit 1
env COVBAR_COMMAND=check COVBAR_REPORTS=$'\n'"  $fixtures/coveragepy-6.5.0-branch/coverage.xml  "$'\n' \
  COVBAR_FAIL_UNDER=75 COVBAR_ARGS=$'--root\n'"$fixtures/projects/python"$'\n--no-step-summary' \
  bash "$run" >"$work/e/log" 2>&1
code=$?
check "run: check at 75 passes (exit $code)" test "$code" = 0
check "run: exit-code=0 written to GITHUB_OUTPUT" grep -qx "exit-code=0" "$GITHUB_OUTPUT"
env COVBAR_COMMAND=check COVBAR_REPORTS="$fixtures/coveragepy-6.5.0-branch/coverage.xml" \
  COVBAR_FAIL_UNDER=99 COVBAR_ARGS=$'--root\n'"$fixtures/projects/python"$'\n--no-step-summary' \
  bash "$run" >"$work/e/log" 2>&1
code=$?
check "run: check at 99 fails the gate (exit $code)" test "$code" = 1
check "run: exit-code=1 written to GITHUB_OUTPUT" grep -qx "exit-code=1" "$GITHUB_OUTPUT"
# shellcheck disable=SC2016 # the $( ) must reach covbar unexpanded
env COVBAR_COMMAND=check COVBAR_REPORTS='cov$(touch pwned).xml' COVBAR_FAIL_UNDER=80 \
  COVBAR_ARGS='--no-step-summary' bash "$run" >"$work/e/log" 2>&1
code=$?
check "run: a hostile report name is a plain argument (exit $code, nothing executed)" \
  test "$code" = 2 -a ! -e pwned
# shellcheck disable=SC2016
check "run: covbar saw the hostile report name as one argument" grep -qF 'cov$(touch pwned).xml' "$work/e/log"
# shellcheck disable=SC2016
env COVBAR_COMMAND=check COVBAR_REPORTS="$fixtures/coveragepy-6.5.0-branch/coverage.xml" \
  COVBAR_FAIL_UNDER='80;touch pwned2' COVBAR_POLICY='$(touch pwned3)' \
  COVBAR_ARGS='--no-step-summary' bash "$run" >"$work/e/log" 2>&1
code=$?
check "run: hostile --fail-under and --policy are plain arguments (exit $code, nothing executed)" \
  test "$code" = 2 -a ! -e pwned2 -a ! -e pwned3
# shellcheck disable=SC2016
check "run: covbar saw the hostile --policy whole" grep -qF "found '\$(touch pwned3)'" "$work/e/log"
env COVBAR_COMMAND='check; touch pwned4' bash "$run" >"$work/e/log" 2>&1
code=$?
check "run: an unknown command is refused (exit $code)" test "$code" = 2 -a ! -e pwned4

echo "$failures failed"
((failures == 0))
