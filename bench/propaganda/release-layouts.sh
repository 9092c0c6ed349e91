#!/usr/bin/env bash
# Lays the shared training data out as other releases ship their held-out parts, to check that
# `parallax eval propaganda --split all` reads them: SemEval-2020 in the final release's label
# names (dev-labels-task-si, dev-labels-task-flc-tc), NLP4IF-2019 with fragment labels only
# (dev-labels-FLC, no SLC folder), and SemEval-2023 with paragraph-level gold only
# (dev-labels-subtask-3.txt, derived here from the span files as the task defines it: a
# paragraph uses a technique when one of its spans overlaps the line). Every training article is
# copied; eval skips those the models were trained on, so what it scores is our dev split, and
# the figures should match `eval propaganda --split dev` (SI, TC and subtask 3 exactly, SLC up
# to the FLC-derived labels; the article calibration figures leave out paragraph-level articles).
# With COMBINED=1, gold goes into the files releases also ship for a whole part instead of
# per-article folders: SemEval-2020's dev-task-si.labels and dev-task-flc-tc.labels, and
# NLP4IF-2019's sentence labels as dev.task-SLC.labels (SLC then exactly as on the dev split).
# Usage: [COMBINED=1] bench/propaganda/release-layouts.sh [DATA] [OUT], then
#        parallax eval propaganda --data OUT --split all
set -euo pipefail
DATA="${1:-../shared/data}/propaganda"
OUT="${2:-/tmp/parallax-release-layouts}"
rm -rf "$OUT"
s20="$OUT/propaganda/semeval2020-ptc"
n4="$OUT/propaganda/nlp4if2019"
mkdir -p "$s20/dev-articles" "$n4/dev-articles"
cp "$DATA"/semeval2020-ptc/train-articles/article*.txt "$s20/dev-articles/"
if [ "${COMBINED:-0}" = 1 ]; then
    cat "$DATA"/semeval2020-ptc/train-labels-task1-span-identification/*.task1-SI.labels \
        > "$s20/dev-task-si.labels"
    cat "$DATA"/semeval2020-ptc/train-labels-task2-technique-classification/*.task2-TC.labels \
        > "$s20/dev-task-flc-tc.labels"
else
    mkdir -p "$s20/dev-labels-task-si" "$s20/dev-labels-task-flc-tc"
    for f in "$DATA"/semeval2020-ptc/train-labels-task1-span-identification/*.task1-SI.labels; do
        name=$(basename "$f" .task1-SI.labels)
        cp "$f" "$s20/dev-labels-task-si/$name.task-si.labels"
    done
    for f in "$DATA"/semeval2020-ptc/train-labels-task2-technique-classification/*.task2-TC.labels; do
        name=$(basename "$f" .task2-TC.labels)
        cp "$f" "$s20/dev-labels-task-flc-tc/$name.task-flc-tc.labels"
    done
fi
cp "$DATA"/nlp4if2019/train-articles/article*.txt "$n4/dev-articles/"
if [ "${COMBINED:-0}" = 1 ]; then
    cat "$DATA"/nlp4if2019/train-labels-SLC/*.task-SLC.labels > "$n4/dev.task-SLC.labels"
else
    mkdir -p "$n4/dev-labels-FLC"
    cp "$DATA"/nlp4if2019/train-labels-FLC/*.task-FLC.labels "$n4/dev-labels-FLC/"
fi
s23="$OUT/propaganda/semeval2023-en"
mkdir -p "$s23/dev-articles-subtask-3"
cp "$DATA"/semeval2023-en/train-articles-subtask-3/article*.txt "$s23/dev-articles-subtask-3/"
python3 - "$DATA/semeval2023-en" "$s23/dev-labels-subtask-3.txt" <<'PY'
import pathlib, sys
src, out = pathlib.Path(sys.argv[1]), sys.argv[2]
rows = []
for article in sorted((src / "train-articles-subtask-3").glob("article*.txt")):
    aid = article.stem[len("article"):]
    with open(article, encoding="utf-8", newline="") as f:
        text = f.read()
    spans = []
    labels = src / "train-labels-subtask-3-spans" / f"article{aid}-labels-subtask-3.txt"
    if labels.exists():
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                _, technique, start, end = line.split("\t")
                spans.append((technique, int(start), int(end)))
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        end = start + len(line.rstrip("\r"))
        if line.strip():
            used = sorted({t for t, s, e in spans if s < end and start < e})
            rows.append(f"{aid}\t{number}\t{','.join(used)}")
        start += len(line) + 1
pathlib.Path(out).write_text("\n".join(rows) + "\n", encoding="utf-8")
PY
echo "laid out in $OUT"
