#!/usr/bin/env bash
# Image benchmark: a site of N articles, each a folder with one 2400×1600
# photo, built by lectern with an empty image cache (every copy made) and
# again with the cache from that build (every copy read).
#
#   scripts/bench-images.sh [N]     default N: 1000
#   RUNS=3                          builds of each kind
#   BENCH_DIR=/dev/shm/lectern-images  site, outputs and raw results
#
# The photos are made with Pillow (installed with pip when missing):
# smooth light with grain, so they compress as photos do.
set -euo pipefail

N=${1:-1000}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/dev/shm/lectern-images}
die() { echo "bench-images.sh: $*" >&2; exit 1; }
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
source "$(dirname "$0")/lib.sh"
needs_gnu_time
python3 -c 'import PIL' 2>/dev/null || python3 -m pip install --quiet pillow

cd "$(dirname "$0")/.."
build_lectern "$BENCH_DIR"
echo "lectern $(git describe --always --dirty --tags 2>/dev/null || echo '(no git)'), $(nproc) cores"

site=$BENCH_DIR/site-$N
if [ ! -f "$site/.complete" ]; then
  echo "== making $N photos in $site"
  rm -rf "$site"
  python3 - "$site" "$N" <<'EOF'
import os, sys
from PIL import Image, ImageChops

site, n = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{site}/articles", exist_ok=True)
with open(f"{site}/site.toml", "w") as f:
    f.write('title = "Photos"\nbase_url = "https://example.org/"\n')
w, h = 2400, 1600
for i in range(n):
    # Light from a corner that moves with i, with grain of its own.
    light = Image.linear_gradient("L").resize((w, h)).rotate(i * 37 % 360, expand=False)
    grain = Image.effect_noise((w, h), 24 + i % 16)
    red = ImageChops.add(light, grain, scale=2.0, offset=i % 50)
    green = ImageChops.add(light.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain, scale=2.0)
    blue = ImageChops.add(light.transpose(Image.Transpose.FLIP_TOP_BOTTOM), grain, scale=2.0, offset=30)
    folder = f"{site}/articles/photo-{i:05}"
    os.makedirs(folder, exist_ok=True)
    Image.merge("RGB", (red, green, blue)).save(f"{folder}/photo.jpg", quality=85)
    with open(f"{folder}/index.md", "w") as f:
        f.write(f'+++\ntitle = "Photo {i}"\n+++\n\nWhat photo {i} shows, in a sentence.\n\n'
                f'![Photo {i}, light from one corner](photo.jpg "Photo {i}")\n')
EOF
  touch "$site/.complete"
fi
du -sh --apparent-size "$site/articles" | awk '{ print "photos and articles: " $1 }'

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }

# build KIND: one build into a fresh folder, "wall_seconds peak_rss_kib" appended to KIND's results.
build() {
  local out=$BENCH_DIR/out t=$BENCH_DIR/time.txt
  rm -rf "$out"
  [ "$1" = cold ] && rm -rf "$site/.lectern-cache"
  /usr/bin/time -f '%e %M' -o "$t" "$LECTERN" build --root "$site" --out "$out" >/dev/null 2>&1 ||
    die "the build failed; rerun by hand: $LECTERN build --root $site --out $out"
  tail -n 1 "$t" >>"$BENCH_DIR/$1.txt"
}

rm -f "$BENCH_DIR/cold.txt" "$BENCH_DIR/warm.txt"
for run in $(seq "$RUNS"); do
  echo "== run $run of $RUNS"
  build cold
  build warm
done

copies=$(find "$BENCH_DIR/out" -name '*.[0-9]*w.*' | wc -l)
echo
echo "| $N photos | wall (s), median (range) | peak RSS (MiB), median |"
echo "| --- | ---: | ---: |"
for kind in cold warm; do
  wall=$(cut -d' ' -f1 "$BENCH_DIR/$kind.txt")
  rss=$(cut -d' ' -f2 "$BENCH_DIR/$kind.txt" | median)
  printf '| %s | %s (%s) | %d |\n' "$kind" "$(median <<<"$wall")" "$(range <<<"$wall")" $((${rss%.*} / 1024))
done
echo
echo "copies made: $copies; output $(du -sh --apparent-size "$BENCH_DIR/out" | cut -f1)"
