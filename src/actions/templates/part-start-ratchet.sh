# The ratchet's starting state, from the audit's figure for this repository.
case $repo in
  @@RATCHET_NAMES@@) ;;
  *) exit 0 ;;
esac
state=covbar-ratchet.json
refuse_links "$state"
if [[ -e $state ]]; then
  echo "unchanged: $state (the ratchet has started)"
  exit 0
fi
audit=${COVBAR_AUDIT_JSON:-"$script_dir/../audit.json"}
if [[ ! -f $audit ]]; then
  echo "$0: $name is under the ratchet and $audit is missing:" \
    "run covbar audit --json first (Phase 1)" >&2
  exit 1
fi
"${COVBAR:-covbar}" ratchet init --config @@CONFIG@@ --from-audit "$audit" --repo "$name" \
  --state "$state" --no-step-summary >/dev/null
git add -- "$state"
echo "staged: $state"
