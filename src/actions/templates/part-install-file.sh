@@PART:part-refuse-links.sh@@

# Copies $1 over $2 when they differ and stages it; prints what it did.
install_file() {
  refuse_links "$2"
  if [[ -f $2 ]] && cmp -s -- "$1" "$2"; then
    echo "unchanged: $2"
    return
  fi
  mkdir -p -- "$(dirname -- "$2")"
  cp -- "$1" "$2"
  git add -- "$2"
  echo "staged: $2"
}
