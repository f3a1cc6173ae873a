#!/usr/bin/env bash
# Full clean build benchmark of lectern against Hugo on the shared generated corpus.
#
#   scripts/bench.sh [N ...]        default N: 1000 10000 100000
#   RUNS=5                          clean builds per tool and N
#   HUGO_UP_TO=10000                largest N Hugo is run at (at 100,000 it needs more memory than 24 GiB leaves)
#   BENCH_DIR=/dev/shm/lectern-bench  corpora, outputs and raw results
#   GEN=../shared/bench/gen_corpus.py  (relative to the repository)
#
# See BENCHMARKS.md for results and /work/shared/bench/README.md for the corpus.
set -euo pipefail

RUNS=${RUNS:-5}
HUGO_UP_TO=${HUGO_UP_TO:-10000}
# tmpfs: on this machine's ext4 root, creating many files right after deleting
# many others is very slow and would swamp the builds being measured.
BENCH_DIR=${BENCH_DIR:-/dev/shm/lectern-bench}
GEN=${GEN:-$(cd "$(dirname "$0")/.." && pwd)/../shared/bench/gen_corpus.py}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000 100000); fi

die() { echo "bench.sh: $*" >&2; exit 1; }
command -v hugo >/dev/null || die "hugo is missing; install it with: sudo apt-get install -y hugo"
source "$(dirname "$0")/lib.sh"
needs_gnu_time
[ -f "$GEN" ] || die "corpus generator not found at $GEN (set GEN=...)"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
for n in "${SIZES[@]}"; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"; done

cd "$(dirname "$0")/.."
build_lectern "$BENCH_DIR"

echo "lectern $(git describe --always --dirty --tags 2>/dev/null || echo '(no git)'), $(rustc --version)"
hugo version
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# Median of the numbers on stdin (mean of the two middle ones for an even count).
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# "lowest–highest" of the numbers on stdin, each divided by $1 and printed with format $2.
range() { sort -g | awk -v d="$1" -v f="$2" 'NR == 1 { lo = $1 } { hi = $1 } END { printf f "–" f, lo / d, hi / d }'; }

# measure TOOL N: one clean build, appending "wall_seconds peak_rss_kib" to the tool's results file.
measure() {
  local tool=$1 n=$2 out=$BENCH_DIR/out-$1-$2 t=$BENCH_DIR/time.txt cmd
  rm -rf "$out"  # clean build; lectern also refuses to write into a folder it did not create
  case $tool in
    # lectern warns on every repeated FAQ question in this corpus: discard its output, keep GNU time's (-o).
    lectern) cmd=("$LECTERN" build --root "$BENCH_DIR/$n/neutral" --out "$out") ;;
    hugo) cmd=(hugo --quiet -s "$BENCH_DIR/$n/hugo" -d "$out") ;;
  esac
  /usr/bin/time -f '%e %M' -o "$t" "${cmd[@]}" >/dev/null 2>&1 || die "$tool failed at N=$n; rerun by hand: ${cmd[*]}"
  tail -n 1 "$t" >>"$BENCH_DIR/results/$n-$tool.txt"
}

mkdir -p "$BENCH_DIR/results"
for n in "${SIZES[@]}"; do
  corpus=$BENCH_DIR/$n
  if [ ! -d "$corpus" ]; then
    echo "== generating corpus N=$n"
    # Generate into a temporary folder and rename it, so an interrupted run never leaves a half corpus behind.
    rm -rf "$corpus.tmp"
    python3 "$GEN" --n "$n" --layout all "$corpus.tmp"
    printf 'title = "Bench"\nbase_url = "https://example.org/"\n' >"$corpus.tmp/neutral/site.toml"
    mv "$corpus.tmp" "$corpus"
  fi

  echo "== N=$n: $RUNS clean builds per tool, alternating (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -f "$BENCH_DIR/results/$n-lectern.txt" "$BENCH_DIR/results/$n-hugo.txt"
  # Alternate so that drift in machine load hits both tools alike.
  for ((i = 1; i <= RUNS; i++)); do
    measure lectern "$n"
    if ((n <= HUGO_UP_TO)); then measure hugo "$n"; fi
  done
  if ((n > HUGO_UP_TO)); then
    echo "(Hugo is not run above N=$HUGO_UP_TO; set HUGO_UP_TO to run it)"
    echo "0 0" >"$BENCH_DIR/results/$n-hugo.txt"
  fi

  col() { cut -d' ' -f"$2" "$BENCH_DIR/results/$n-$1.txt"; }
  lt=$(col lectern 1 | median) lm=$(col lectern 2 | median)
  ht=$(col hugo 1 | median) hm=$(col hugo 2 | median)
  ltr=$(col lectern 1 | range 1 %.2f) lmr=$(col lectern 2 | range 1024 %.0f)
  htr=$(col hugo 1 | range 1 %.2f) hmr=$(col hugo 2 | range 1024 %.0f)
  echo
  echo "N = $n, median (range) of $RUNS (raw: $BENCH_DIR/results/$n-*.txt)"
  echo
  awk -v lt="$lt" -v lm="$lm" -v ht="$ht" -v hm="$hm" -v ltr="$ltr" -v lmr="$lmr" -v htr="$htr" -v hmr="$hmr" 'BEGIN {
    print "| tool | wall time | peak memory |"
    print "| --- | ---: | ---: |"
    printf "| lectern | %.2f s (%s) | %.0f MiB (%s) |\n", lt, ltr, lm / 1024, lmr
    if (ht > 0) printf "| Hugo | %.2f s (%s) | %.0f MiB (%s) |\n", ht, htr, hm / 1024, hmr
    if (ht > 0) printf "| lectern / Hugo | %.2f | %.2f |\n", lt / ht, lm / hm
  }'
  echo
  echo "lectern --timings, one extra clean build:"
  rm -rf "$BENCH_DIR/out-lectern-$n"
  "$LECTERN" build --root "$corpus/neutral" --out "$BENCH_DIR/out-lectern-$n" --timings 2>/dev/null
  echo
done
