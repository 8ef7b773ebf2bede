#!/usr/bin/env bash
# Runs the covbar command action.yml's inputs describe, each input arriving through the
# environment (never pasted into the script), each value one argument:
#   COVBAR_COMMAND     check | diff | ratchet check
#   COVBAR_REPORTS     reports, one per line
#   COVBAR_FAIL_UNDER  --fail-under;  COVBAR_POLICY  --policy;  COVBAR_DIFF_BASE  --compare-branch
#   COVBAR_ARGS        more arguments, one per line
# Writes exit-code= to $GITHUB_OUTPUT and exits with covbar's code (0 pass, 1 gate failed,
# 2 bad input).
set -euo pipefail

lines() { # the non-empty lines of $1, trimmed, into the array named $2
  local -n into=$2
  local line
  while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    if [[ -n $line ]]; then into+=("$line"); fi
  done <<<"$1"
}

case ${COVBAR_COMMAND:-} in
  check) argv=(check) ;;
  diff) argv=(diff) ;;
  "ratchet check") argv=(ratchet check) ;;
  *)
    echo "::error title=covbar::command must be check, diff or 'ratchet check', not '${COVBAR_COMMAND:-}'" >&2
    exit 2
    ;;
esac
lines "${COVBAR_REPORTS:-}" argv
[[ -z ${COVBAR_FAIL_UNDER:-} ]] || argv+=(--fail-under "$COVBAR_FAIL_UNDER")
[[ -z ${COVBAR_POLICY:-} ]] || argv+=(--policy "$COVBAR_POLICY")
if [[ -n ${COVBAR_DIFF_BASE:-} ]]; then
  [[ ${argv[0]} == diff ]] || {
    echo "::error title=covbar::diff-base is an input of the diff command only" >&2
    exit 2
  }
  argv+=(--compare-branch "$COVBAR_DIFF_BASE")
fi
lines "${COVBAR_ARGS:-}" argv

code=0
covbar "${argv[@]}" || code=$?
[[ -z ${GITHUB_OUTPUT:-} ]] || echo "exit-code=$code" >>"$GITHUB_OUTPUT"
exit "$code"
