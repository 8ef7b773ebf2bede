repo=${XARGS_REPO_NAME:-$(basename -- "$(git rev-parse --show-toplevel)")}
case $repo in
@@CASES@@
  *) echo "$0: '$repo' is not in the fleet" >&2; exit 1 ;;
esac
