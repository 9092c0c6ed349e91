#!/usr/bin/env bash
# HTML extraction side by side: `parallax eval extraction` and Python trafilatura (latest from
# PyPI, in the throwaway venv) on the same pages, same split, same metric, one core each.
#
# Usage: bench/anchors/compare_extraction.sh [RUNS]   (default 3 runs; the median speed is shown)
# Needs: bench/anchors/setup-venv.sh once; the data set at ../shared/data/extraction/trafilatura-eval.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-3}"
VENV="${PARALLAX_VENV:-$HOME/.cache/parallax/venv}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/parallax/target}"
DATA="${PARALLAX_EXTRACTION_DATA:-../shared/data/extraction/trafilatura-eval}"
OUT="bench/out/extraction"
mkdir -p "$OUT"
cargo build --release -q -p parallax
CORE=$(($(nproc) - 1))
for i in $(seq 1 "$RUNS"); do
    taskset -c "$CORE" "$CARGO_TARGET_DIR/release/parallax" eval extraction --data "$DATA" --split all --format json > "$OUT/parallax-$i.json"
    taskset -c "$CORE" "$VENV/bin/python" bench/anchors/trafilatura_eval.py --data "$DATA" --split all --format json --no-pin > "$OUT/trafilatura-$i.json"
done
python3 - "$OUT" "$RUNS" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
ours = [json.load(open(f"{out}/parallax-{i}.json")) for i in range(1, runs + 1)]
theirs = [json.load(open(f"{out}/trafilatura-{i}.json")) for i in range(1, runs + 1)]
version = theirs[0]["version"]
print(f"HTML extraction, trafilatura evaluation set, {runs} run(s), one core each; speed = median of runs")
print(f"{'split':<5} {'tool':<20} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'fully':>6} {'pages/s':>8} {'pages/CPU-s':>11}")
for k, split in enumerate(["dev", "test", "all"]):
    rows = []
    for name, results, get in (("parallax", ours, lambda r: r[k]), (f"trafilatura {version}", theirs, lambda r: r["reports"][k])):
        first = get(results[0])
        wall = statistics.median(get(r)["pages_per_second"] for r in results)
        cpu = statistics.median(get(r)["pages_per_cpu_second"] or 0 for r in results)
        rows.append((wall, cpu))
        print(f"{split:<5} {name:<20} {first['precision']:6.3f} {first['recall']:6.3f} {first['f1']:6.3f} "
              f"{first['accuracy']:6.3f} {first['fully_right']:6.3f} {wall:8.1f} {cpu:11.1f}")
    print(f"{split:<5} {'speed ratio':<20} {'':>34} {rows[0][0] / rows[1][0]:7.1f}x {rows[0][1] / rows[1][1]:10.1f}x")
PY
