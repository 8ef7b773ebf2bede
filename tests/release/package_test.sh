#!/usr/bin/env bash
# `cmake --install` and the Debian package CPack makes, from a build folder:
#   package_test.sh BUILD_DIR
# Checks the installed tree (bin/covbar runs, the README under share/doc/covbar), then that
# `cpack -G DEB` writes one covbar_VERSION_ARCH.deb whose contents (dpkg-deb -c) hold
# ./usr/bin/covbar and whose control fields name the package, version and libc6.
set -uo pipefail

build=$(realpath "$1")
failures=0
check() {
  local what=$1
  shift
  if "$@"; then echo "PASS: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1
check "cmake --install exits 0" test $? = 0
check "cmake --install: bin/covbar runs" test "$("$work/prefix/bin/covbar" --version)" = "covbar $version"
check "cmake --install: share/doc/covbar/README.md" test -s "$work/prefix/share/doc/covbar/README.md"

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg") >"$work/cpack.log" 2>&1
check "cpack -G DEB exits 0" test $? = 0 || cat "$work/cpack.log"
debs=("$work"/pkg/covbar_"$version"_*.deb)
check "cpack wrote one covbar_${version}_ARCH.deb" test "${#debs[@]}" = 1 -a -f "${debs[0]}"
dpkg-deb -c "${debs[0]}" >"$work/contents" 2>&1
cat "$work/contents"
check "dpkg-deb -c: ./usr/bin/covbar, executable" grep -qE '^-rwxr-xr-x .* \./usr/bin/covbar$' "$work/contents"
check "dpkg-deb -c: the README" grep -q ' \./usr/share/doc/covbar/README\.md$' "$work/contents"
check "control: Package covbar" test "$(dpkg-deb -f "${debs[0]}" Package)" = covbar
check "control: Version $version" test "$(dpkg-deb -f "${debs[0]}" Version)" = "$version"
check "control: Depends names libc6" grep -q 'libc6' <(dpkg-deb -f "${debs[0]}" Depends)
mkdir "$work/x"
dpkg-deb -x "${debs[0]}" "$work/x"
check "the packaged covbar runs" test "$("$work/x/usr/bin/covbar" --version)" = "covbar $version"

echo "$failures failed"
((failures == 0))
