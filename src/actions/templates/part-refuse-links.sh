# Exits when $1 (relative to the clone's root), or a folder on the way to it, is a
# symbolic link: the repository could point it anywhere.
refuse_links() {
  local prefix='' part
  local -a parts
  IFS=/ read -r -a parts <<< "$1"
  for part in "${parts[@]}"; do
    prefix=${prefix:+$prefix/}$part
    if [[ -L $prefix ]]; then
      echo "$0: $prefix is a symbolic link in this repository:" \
        "refusing to write $1 through it" >&2
      exit 1
    fi
  done
}
