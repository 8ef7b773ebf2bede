#!/usr/bin/env bash
# Checks a release archive (.ci/release) the way a runner would meet it:
#   check_archive.sh ARCHIVE REFERENCE_COVBAR FIXTURES_DIR
# Extracts ARCHIVE into an empty folder, then checks that its covbar needs only the C library
# (ldd, and no libstdc++/libgcc symbol in objdump -T), references no glibc symbol version newer
# than GLIBC_2.35 (Ubuntu 22.04, the oldest runner image), runs with an empty environment, and
# writes the same JSON as REFERENCE_COVBAR (the build's) on every bundled fixture report.
# Prints each failure and exits 1 if there is any.
set -euo pipefail

archive=$(realpath "$1")
reference=$(realpath "$2")
fixtures=$(realpath "$3")
max_glibc=${COVBAR_MAX_GLIBC:-2.35}
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/x"
tar -xzf "$archive" -C "$work/x"
name=$(basename "$archive" .tar.gz)
bin=$work/x/$name/covbar
[[ -x $bin ]] || { echo "FAIL: $name/covbar is not in the archive" >&2; exit 1; }
for f in README.md THIRD-PARTY-NOTICES.txt; do
  [[ -s $work/x/$name/$f ]] || fail "$name/$f is missing or empty"
done

# Only the C library's objects: libc, libm, the dynamic loader, the vDSO and the libraries glibc
# 2.34 folded into libc (libpthread, libdl, librt).
ldd_out=$(ldd "$bin" 2>&1) || fail "ldd failed: $ldd_out"
echo "ldd $name/covbar:"
echo "$ldd_out"
while read -r lib _; do
  case $lib in
    linux-vdso.so.1 | linux-gate.so.1 | libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1) ;;
    /lib64/ld-linux-x86-64.so.2 | /lib/ld-linux-aarch64.so.1 | ld-linux-*) ;;
    *) fail "ldd lists $lib, which is not part of the C library" ;;
  esac
done <<<"$ldd_out"

dynsyms=$(objdump -T "$bin")
if grep -Eq 'GLIBCXX_|CXXABI_|GCC_[0-9]' <<<"$dynsyms"; then
  fail "dynamic symbols from libstdc++ or libgcc: $(grep -E 'GLIBCXX_|CXXABI_|GCC_[0-9]' <<<"$dynsyms" | head -3)"
fi
newest=$(grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' <<<"$dynsyms" | sed 's/GLIBC_//' | sort -uV | tail -1)
echo "newest glibc symbol version: GLIBC_$newest (limit GLIBC_$max_glibc)"
if [[ $(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -1) != "$max_glibc" ]]; then
  fail "symbols newer than GLIBC_$max_glibc: $(grep -E "GLIBC_$newest\b" <<<"$dynsyms" | awk '{print $NF}' | tr '\n' ' ')"
fi

version=$(env -i "$bin" --version 2>&1) || fail "env -i covbar --version failed: $version"
expected_version=$("$reference" --version)
[[ $version == "$expected_version" ]] || fail "--version printed '$version', the build prints '$expected_version'"

# The same JSON report as the build's covbar on every bundled report, each read against the
# sample project it was made from.
root_of() {
  case $1 in
    coveragepy-*) echo python ;;
    gcovr-*) echo c ;;
    *-samename) echo js-samename ;;
    lcov-*-cpp) echo cpp ;;
    lcov-*-c) echo c ;;
    jest-* | c8-*) echo js ;;
    *) echo ts ;;
  esac
}
compared=0
for report in "$fixtures"/*/*.xml "$fixtures"/*/*.info "$fixtures"/*/*.json; do
  dir=$(basename "$(dirname "$report")")
  [[ $dir == malformed || $dir == projects || $dir == fleet ]] && continue
  root=$fixtures/projects/$(root_of "$dir")
  rel=$dir/$(basename "$report")
  code_ref=0 code_bin=0
  "$reference" check "$report" --root "$root" --json "$work/ref.json" --no-step-summary \
    >/dev/null 2>&1 || code_ref=$?
  env -i "$bin" check "$report" --root "$root" --json "$work/bin.json" --no-step-summary \
    >/dev/null 2>&1 || code_bin=$?
  if [[ $code_ref != 0 ]]; then
    fail "$rel: the build's covbar exited $code_ref"
  elif [[ $code_bin != 0 ]]; then
    fail "$rel: the archive's covbar exited $code_bin"
  elif ! cmp -s "$work/ref.json" "$work/bin.json"; then
    fail "$rel: the archive's JSON differs from the build's: $(diff "$work/ref.json" "$work/bin.json" | head -5)"
  fi
  compared=$((compared + 1))
done
((compared >= 10)) || fail "only $compared fixture reports found under $fixtures"
echo "same JSON as the build on $compared fixture reports"

if ((failures > 0)); then
  echo "$failures check(s) failed for $name" >&2
  exit 1
fi
echo "OK: $name"
