#!/usr/bin/env bash
# Peak memory of `parallax analyze` over 1,000 and 10,000 documents in one run, to show that
# memory stays flat (inputs stream; nothing is collected across documents).
# The documents are the bundled examples (text, markdown, HTML, JSONL, WARC), each copied with a
# numbered closing paragraph so every document is distinct. Usage: bench/memory.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${CARGO_TARGET_DIR:-$HOME/.cache/parallax/target}/release/parallax}"
OUT="${PARALLAX_BENCH_DIR:-$HOME/.cache/parallax/bench}/memory"
make_corpus() {
    local n=$1 dir=$OUT/$1
    [ -f "$dir/.complete" ] && return
    rm -rf "$dir" && mkdir -p "$dir"
    python3 - "$n" "$dir" <<'PY'
import sys, pathlib
n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
sources = [p for p in sorted(pathlib.Path("examples/articles").iterdir()) if p.suffix in (".txt", ".md", ".html")]
for i in range(n):
    src = sources[i % len(sources)]
    body = src.read_text(encoding="utf-8")
    extra = f"Correction notice number {i}: an earlier version of this story misstated a figure."
    if src.suffix == ".html":
        body = body.replace("</article>", f"<p>{extra}</p></article>", 1)
    else:
        body = body.rstrip("\n") + f"\n\n{extra}\n"
    (out / f"doc{i:06d}{src.suffix}").write_text(body, encoding="utf-8")
PY
    touch "$dir/.complete"
}
for n in 1000 10000; do
    make_corpus "$n"
    /usr/bin/time -f "$n documents: peak RSS %M KiB, %e s wall, %U s user" \
        "$BIN" analyze --format jsonl "$OUT/$n" > /dev/null
done
