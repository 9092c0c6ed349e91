#!/usr/bin/env bash
# Lays the shared training data out as other releases ship their held-out parts, to check that
# `parallax eval propaganda --split all` reads them: SemEval-2020 in the final release's label
# names (dev-labels-task-si, dev-labels-task-flc-tc) and NLP4IF-2019 with fragment labels only
# (dev-labels-FLC, no SLC folder). Every training article is copied; eval skips those the
# models were trained on, so what it scores is our dev split, and the figures should match
# `eval propaganda --split dev` (SI and TC exactly, SLC up to the FLC-derived labels).
# Usage: bench/propaganda/release-layouts.sh [DATA] [OUT], then
#        parallax eval propaganda --data OUT --split all
set -euo pipefail
DATA="${1:-../shared/data}/propaganda"
OUT="${2:-/tmp/parallax-release-layouts}"
rm -rf "$OUT"
s20="$OUT/propaganda/semeval2020-ptc"
n4="$OUT/propaganda/nlp4if2019"
mkdir -p "$s20/dev-articles" "$s20/dev-labels-task-si" "$s20/dev-labels-task-flc-tc" \
    "$n4/dev-articles" "$n4/dev-labels-FLC"
cp "$DATA"/semeval2020-ptc/train-articles/article*.txt "$s20/dev-articles/"
for f in "$DATA"/semeval2020-ptc/train-labels-task1-span-identification/*.task1-SI.labels; do
    name=$(basename "$f" .task1-SI.labels)
    cp "$f" "$s20/dev-labels-task-si/$name.task-si.labels"
done
for f in "$DATA"/semeval2020-ptc/train-labels-task2-technique-classification/*.task2-TC.labels; do
    name=$(basename "$f" .task2-TC.labels)
    cp "$f" "$s20/dev-labels-task-flc-tc/$name.task-flc-tc.labels"
done
cp "$DATA"/nlp4if2019/train-articles/article*.txt "$n4/dev-articles/"
cp "$DATA"/nlp4if2019/train-labels-FLC/*.task-FLC.labels "$n4/dev-labels-FLC/"
echo "laid out in $OUT"
