#!/usr/bin/env bash
# Compares two galley binaries on one corpus, interleaved so both see the same machine:
# clean (no cache, no output), warm (nothing changed) and one article edited, ROUNDS times.
#
#   scripts/bench-compare.sh OLD_BINARY NEW_BINARY CORPUS_SITE [ROUNDS] [NEW_SITE]
#
# NEW_SITE (default CORPUS_SITE) is a copy of the corpus for the new binary, when the two need
# different configs (a key the old binary refuses, such as `images: {cards: false}`).
#
# CORPUS_SITE is a galley site, e.g. from `scripts/gen-corpus.py --articles 10000 --seed 1
# --galley /tmp/c10k/galley`. The edit appends a line to the site's first article.
set -euo pipefail
old="$1" new="$2" old_site="$3" rounds="${4:-2}" new_site="${5:-$3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for name in old new; do
    bin="$old" site="$old_site"
    [ "$name" = new ] && bin="$new" site="$new_site"
    article="$site/content/articles/$(ls "$site/content/articles" | sed -n 1p)"
    rm -rf "$site/.galley-cache" "$out/site"
    for step in clean warm edit; do
      [ "$step" = edit ] && echo "edited in round $round by $name" >> "$article"
      /usr/bin/time -f "$name $step %e s wall %U s user %M KB" \
        "$bin" build --root "$site" --output "$out/site" >/dev/null
    done
  done
done
