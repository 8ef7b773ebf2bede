# shellcheck shell=bash
# Shared by bench/*.sh (sourced). Needs $work set.
: "${work:?bench/lib.sh needs work set}"

# best_of_3 COMMAND...: prints "seconds peak_kB" of the fastest of three runs; wall time from
# date(1) in nanoseconds, peak RSS from /usr/bin/time.
best_of_3() {
  local best="" rss="" t0 t1 s kb
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/time.txt" "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')
    read -r kb <"$work/time.txt"
    if [[ -z "$best" ]] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$s; rss=$kb; fi
  done
  echo "$best $rss"
}
