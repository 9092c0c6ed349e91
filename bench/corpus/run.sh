#!/bin/bash
# Corpus layer benchmarks and evaluations (docs/BENCHMARKS.md, "Corpus analysis").
#
#   bench/corpus/run.sh eval            # FNC-1: near-duplicates, events, disputes (dev and test)
#   bench/corpus/run.sh load 10000 ...  # corpus layer cost over stored records, per size
#   bench/corpus/run.sh ingest 10000    # a whole `parallax ingest` with the corpus layer
#
# `load` and `ingest` use the generated corpora of bench/store (bench/store/run.sh makes
# bench/out/store/corpus-N.jsonl and records-N.jsonl). Run from the repository root with
# release binaries built: cargo build --release -p parallax -p parallax-store --examples.
set -euo pipefail
target=${CARGO_TARGET_DIR:-target}/release
parallax=$target/parallax
store_bench=$target/examples/store_bench
fnc1=${FNC1:-../shared/data/stance/fnc1}
out=bench/out/corpus
mkdir -p "$out"

case "${1:-}" in
eval)
    for split in dev test; do
        nice -n 10 "$parallax" eval duplicates --data "$fnc1" --split "$split"
        nice -n 10 "$parallax" eval events --data "$fnc1" --split "$split"
        nice -n 10 "$parallax" eval disputes --data "$fnc1" --split "$split"
    done
    ;;
load)
    shift
    for n in "$@"; do
        records=bench/out/store/records-$n.jsonl
        db=$out/load-$n
        rm -rf "$db"
        echo "## $n records: store alone, then the corpus layer over them"
        nice -n 10 "$store_bench" load --db "$db" "$records" --every "$n"
        nice -n 10 "$store_bench" corpus --db "$db" --every $((n / 5))
    done
    ;;
ingest)
    shift
    for n in "$@"; do
        db=$out/ingest-$n
        rm -rf "$db"
        echo "## parallax ingest of $n generated articles"
        /usr/bin/time -v nice -n 10 "$parallax" ingest bench/out/store/corpus-$n.jsonl --db "$db" \
            2>&1 | grep -E "parallax:|Maximum resident|Elapsed"
        du -sb "$db"
    done
    ;;
*)
    sed -n 2,10p "$0"
    exit 2
    ;;
esac
