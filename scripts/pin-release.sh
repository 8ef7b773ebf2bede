#!/usr/bin/env bash
# Writes a release into action.yml: its version, and the SHA-256 of each archive read from the
# .sha256 files .ci/release wrote (the archive is hashed again and must match).
#   pin-release.sh VERSION DIST_DIR [ACTION_YML]
# A platform without an archive in DIST_DIR gets an empty SHA-256: the action then refuses that
# platform (or builds from source when asked) instead of installing something unchecked.
set -euo pipefail

version=$1
dist=$2
action=${3:-$(dirname "${BASH_SOURCE[0]}")/../action.yml}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "error: version '$version' is not X.Y.Z" >&2; exit 1; }
grep -q '^        COVBAR_VERSION: "' "$action" || { echo "error: no COVBAR_VERSION line in $action" >&2; exit 1; }

expr=(-e "s/^        COVBAR_VERSION: \"[^\"]*\"/        COVBAR_VERSION: \"$version\"/")
found=0
for platform in linux-x86_64 linux-aarch64; do
  archive=$dist/covbar-$version-$platform.tar.gz
  sum=
  if [[ -f $archive ]]; then
    sum=$(cut -d' ' -f1 "$archive.sha256")
    actual=$(sha256sum "$archive" | cut -d' ' -f1)
    [[ $sum == "$actual" ]] || { echo "error: $archive.sha256 says $sum, the archive is $actual" >&2; exit 1; }
    found=$((found + 1))
  fi
  var=COVBAR_SHA256_$(tr '[:lower:]-' '[:upper:]_' <<<"$platform")
  grep -q "^        $var: \"" "$action" || { echo "error: no $var line in $action" >&2; exit 1; }
  expr+=(-e "s/^        $var: \"[^\"]*\"/        $var: \"$sum\"/")
done
((found > 0)) || { echo "error: no covbar-$version-*.tar.gz in $dist" >&2; exit 1; }
sed -i "${expr[@]}" "$action"
grep -E '^        COVBAR_(VERSION|SHA256_[A-Z0-9_]+): ' "$action"
