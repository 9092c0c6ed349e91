#!/usr/bin/env bash
# Benchmarks of the corpus store (docs/BENCHMARKS.md, "Corpus store and search").
#
# For each corpus size (default 10,000 and 100,000 articles, prefixes of one generated corpus):
#   1. analysis only: `parallax analyze --format jsonl` (its records are kept for step 4);
#   2. a full `parallax ingest` into a new store: wall time, and its own split between
#      reading + analysis and the store (writes, index commits, final merge);
#   3. the same ingest again (idempotent: stored inputs are read, not analysed);
#   4. the store alone: `store_bench load` writes the records of step 1 (preparing them on
#      all cores, transactions of 512 as in ingest), without any analysis;
#   5. size on disk of the store of step 2, by part;
#   6. search latency: `store_bench query` runs the generated queries (words, names, phrases,
#      OR, outlet / date / score filters) three times after a warm-up pass.
#
# Usage: bench/store/run.sh [SIZE...]
# Corpora and stores go to bench/out/store (gitignored), or $PARALLAX_BENCH_DIR/store.
# PARALLAX_BIN and STORE_BENCH name prebuilt binaries to use instead of building (copies, so
# that a build in a shared target directory cannot replace them during a long run).
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET="${CARGO_TARGET_DIR:-$HOME/.cache/parallax/target}"
BIN="${PARALLAX_BIN:-$TARGET/release/parallax}"
BENCH="${STORE_BENCH:-$TARGET/release/examples/store_bench}"
OUT="${PARALLAX_BENCH_DIR:-bench/out}/store"
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(10000 100000); fi

if [ -z "${PARALLAX_BIN:-}" ]; then
    CARGO_TARGET_DIR="$TARGET" cargo build --quiet --release -p parallax
fi
if [ -z "${STORE_BENCH:-}" ]; then
    CARGO_TARGET_DIR="$TARGET" cargo build --quiet --release -p parallax-store --example store_bench
fi
mkdir -p "$OUT"

largest=$(printf '%s\n' "${SIZES[@]}" | sort -n | tail -1)
corpus="$OUT/corpus-$largest.jsonl"
if [ ! -s "$corpus" ]; then
    python3 bench/store/gen_corpus.py "$largest" "$corpus" --queries "$OUT/queries.jsonl"
fi

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uptime | sed 's/.*load/load/')"
echo "# parallax $(git rev-parse --short HEAD)"
for n in "${SIZES[@]}"; do
    input="$OUT/corpus-$n.jsonl"
    [ "$n" = "$largest" ] || head -n "$n" "$corpus" > "$input"
    echo
    echo "## $n articles ($(du -h "$input" | cut -f1) of JSONL)"

    echo "# 1. analysis only"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" \
        "$BIN" analyze --format jsonl "$input" > "$OUT/records-$n.jsonl"

    echo "# 2. ingest into a new store (with the corpus layer)"
    rm -rf "$OUT/db-$n"
    /usr/bin/time -f "wall %e s, user %U s, system %S s, peak RSS %M KB" \
        "$BIN" ingest "$input" --db "$OUT/db-$n"

    echo "# 3. the same ingest again"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BIN" ingest "$input" --db "$OUT/db-$n"

    echo "# 4. the store alone (records of step 1)"
    rm -rf "$OUT/load-$n"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" \
        "$BENCH" load --db "$OUT/load-$n" "$OUT/records-$n.jsonl" --every $((n / 5))

    echo "# 5. size on disk (bytes): total, database, index; bytes per stored article"
    total=$(du -sb "$OUT/db-$n" | cut -f1)
    database=$(du -cb "$OUT/db-$n"/parallax.sqlite* | tail -1 | cut -f1)
    index=$(du -sb "$OUT/db-$n/index" | cut -f1)
    records=$("$BIN" search --db "$OUT/db-$n" '*' --limit 1 --format json |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
    input_bytes=$(stat -c %s "$input")
    echo "total $total, database $database, index $index; per article: total $((total / records)), database $((database / records)), index $((index / records)) ($records stored; input $((input_bytes / n)) and record JSON $(( $(stat -c %s "$OUT/records-$n.jsonl") / n )) per line)"

    echo "# 6. search latency"
    "$BENCH" query --db "$OUT/db-$n" "$OUT/queries.jsonl" --rounds 3
done
