#!/usr/bin/env bash
# Latency of `parallax serve` under a bounded local load (docs/BENCHMARKS.md, "Web UI and API").
#
#   1. a generated corpus (bench/store/gen_corpus.py, the store benchmark's) of SIZE articles
#      (default 10,000) is ingested into a store, unless that store exists;
#   2. `parallax serve` listens on 127.0.0.1:$PORT (default 18080) over it;
#   3. for each of article pages (500 stored records), search pages (the 400 generated
#      queries, facets included) and the same searches from /api/search: every path requested
#      once in turn by one client (first visits: cold caches), then wrk (Debian package) requests
#      them in turn for DURATION seconds (default 20, so at most a minute of load in all),
#      1 thread, 4 connections;
#   4. the server is stopped.
#
# Only 127.0.0.1 is ever requested. Usage: bench/serve/run.sh [SIZE]
# Corpus and store go to bench/out/serve (gitignored), or $PARALLAX_BENCH_DIR/serve.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET="${CARGO_TARGET_DIR:-$HOME/.cache/parallax/target}"
BIN="$TARGET/release/parallax"
OUT="${PARALLAX_BENCH_DIR:-bench/out}/serve"
SIZE="${1:-10000}"
PORT="${PORT:-18080}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-4}"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [ "$DURATION" -gt 20 ]; then echo "DURATION is at most 20 (three runs, a minute in all)" >&2; exit 1; fi
[ "${SKIP_BUILD:-0}" = 1 ] || CARGO_TARGET_DIR="$TARGET" cargo build --quiet --release -p parallax
mkdir -p "$OUT"

corpus="$OUT/corpus-$SIZE.jsonl"
queries="$OUT/queries.jsonl"
if [ ! -s "$corpus" ]; then
    python3 bench/store/gen_corpus.py "$SIZE" "$corpus" --queries "$queries"
fi
db="$OUT/db-$SIZE"
if [ ! -d "$db" ]; then
    "$BIN" ingest "$corpus" --db "$db"
fi

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uptime | sed 's/.*load/load/')"
echo "# parallax $(git rev-parse --short HEAD), store of $SIZE generated articles"
"$BIN" serve --db "$db" --port "$PORT" 2> "$OUT/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fsS "$BASE/api/stats" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "$BASE/api/stats"; echo

# The paths: 500 stored articles (newest first), the generated queries as search pages and
# as API searches (filters included).
curl -fsS "$BASE/api/search?q=*&limit=200&sort=newest" > "$OUT/ids-1.json"
curl -fsS "$BASE/api/search?q=*&limit=200&sort=oldest" > "$OUT/ids-2.json"
curl -fsS "$BASE/api/search?q=*&limit=100&sort=newest&offset=200" > "$OUT/ids-3.json"
python3 - "$OUT" "$queries" <<'PY'
import json, sys, urllib.parse
out, queries = sys.argv[1], sys.argv[2]
ids = []
for n in (1, 2, 3):
    ids += [h["id"] for h in json.load(open(f"{out}/ids-{n}.json"))["hits"]]
with open(f"{out}/article-paths.txt", "w") as f:
    for i in dict.fromkeys(ids):
        f.write(f"/articles/{urllib.parse.quote(i, safe='')}\n")
pages, api = open(f"{out}/search-paths.txt", "w"), open(f"{out}/api-search-paths.txt", "w")
for line in open(queries):
    q = json.loads(line)
    params = [("q", q["q"])]
    for key in ("outlet", "from", "to", "min_score"):
        if key in q:
            params.append((key, str(q[key])))
    query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
    pages.write(f"/search?{query}\n")
    api.write(f"/api/search?{query}&limit=10\n")
PY
echo "# $(wc -l < "$OUT/article-paths.txt") article paths, $(wc -l < "$OUT/search-paths.txt") searches"

run() { # NAME PATHS
    echo "## $1"
    # First visits, one at a time: the cold cost (event views and readers are built on first
    # use); this pass also warms the caches for the loaded run.
    while read -r p; do curl -fsS -o /dev/null -w '%{time_total}\n' "$BASE$p"; done < "$2" \
        | python3 -c 'import sys
t = sorted(float(x) * 1000 for x in sys.stdin)
q = lambda p: t[min(len(t) - 1, int(p / 100 * len(t)))]
print(f"first visits, one client: {len(t)} paths, p50_ms {q(50):.2f} p99_ms {q(99):.2f} max_ms {t[-1]:.2f}")'
    echo "loaded, $CONNECTIONS connections, ${DURATION} s:"
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/serve/paths.lua "$BASE" -- "$2" \
        | grep -E '^(requests|p[0-9]+_ms|rps)'
}
run "article page" "$OUT/article-paths.txt"
run "search page (with facets)" "$OUT/search-paths.txt"
run "API search (/api/search, 10 hits)" "$OUT/api-search-paths.txt"
