script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
workflows_dir=${COVBAR_WORKFLOWS_DIR:-"$script_dir/../workflows"}
if [[ ! -d $workflows_dir ]]; then
  echo "$0: no generated workflows in $workflows_dir (set COVBAR_WORKFLOWS_DIR)" >&2
  exit 1
fi
