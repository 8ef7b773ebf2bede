# shellcheck shell=bash
# Shared by bench/*.sh (sourced). Needs $work set.
: "${work:?bench/lib.sh needs work set}"

# best_of COMMAND...: prints "seconds peak_kB" of the fastest of $BENCH_RUNS runs (3 unless
# set); wall time from date(1) in nanoseconds, peak RSS from /usr/bin/time. More runs find a
# quiet moment on a machine that shares its cores.
best_of() {
  local best="" rss="" t0 t1 s kb
  for ((run = 0; run < ${BENCH_RUNS:-3}; run++)); do
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/time.txt" "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')
    read -r kb <"$work/time.txt"
    if [[ -z "$best" ]] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$s; rss=$kb; fi
  done
  echo "$best $rss"
}
