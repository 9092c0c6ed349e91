#!/usr/bin/env python3
"""Python trafilatura on the trafilatura evaluation set, scored exactly like `parallax eval extraction`.

Same pages, same dev/test split (FNV-1a 64 of the URL, even = dev), same snippet metric (a `with`
snippet found in the output is a true positive, missing a false negative; a `without` snippet found
is a false positive, absent a true negative), and the same timing: the pages of a split are read
into memory, then extracted in one timed loop on one core (wall clock and thread CPU time).

Run inside the anchor venv (bench/anchors/setup-venv.sh):
    ~/.cache/parallax/venv/bin/python bench/anchors/trafilatura_eval.py --split all
"""

import argparse
import json
import os
import sys
import time

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def fnv1a64(text):
    h = FNV_OFFSET
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


def split_of(url):
    return "dev" if fnv1a64(url) % 2 == 0 else "test"


def load_pages(data_dir, split):
    """(url, entry, bytes) of the pages of `split`, sorted by URL; cache/ before eval/."""
    with open(os.path.join(data_dir, "evaldata.json"), encoding="utf-8") as f:
        entries = json.load(f)
    pages = []
    for url in sorted(entries):
        entry = entries[url]
        if split != "all" and split_of(url) != split:
            continue
        for sub in ("cache", "eval"):
            path = os.path.join(data_dir, sub, entry["file"])
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    pages.append((url, entry, f.read()))
                break
        else:
            sys.exit(f"missing page file: {entry['file']}")
    return pages


def new_counts():
    return {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "pages": 0, "fully_right": 0, "failed": 0,
            "seconds": 0.0, "cpu_seconds": 0.0, "bytes": 0}


def score(text, entry, counts):
    page_right = True
    for snippet in entry["with"]:
        if snippet is None:
            continue
        if text is not None and snippet in text:
            counts["tp"] += 1
        else:
            counts["fn"] += 1
            page_right = False
    for snippet in entry["without"]:
        if snippet is None:
            continue
        if text is not None and snippet in text:
            counts["fp"] += 1
            page_right = False
        else:
            counts["tn"] += 1
    counts["pages"] += 1
    counts["fully_right"] += page_right
    counts["failed"] += text is None


def summary(split, counts):
    tp, fn, fp, tn = counts["tp"], counts["fn"], counts["fp"], counts["tn"]
    ratio = lambda a, b: a / b if b else 0.0
    return {
        "split": split,
        "pages": counts["pages"],
        "true_positives": tp, "false_negatives": fn, "false_positives": fp, "true_negatives": tn,
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "accuracy": ratio(tp + tn, tp + tn + fp + fn),
        "fully_right": ratio(counts["fully_right"], counts["pages"]),
        "failed_pages": counts["failed"],
        "seconds": counts["seconds"],
        "pages_per_second": ratio(counts["pages"], counts["seconds"]),
        "megabytes_per_second": ratio(counts["bytes"] / 1e6, counts["seconds"]),
        "cpu_seconds": counts["cpu_seconds"],
        "pages_per_cpu_second": ratio(counts["pages"], counts["cpu_seconds"]),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_data = os.path.normpath(os.path.join(here, "../../../shared/data/extraction/trafilatura-eval"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=default_data)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--mode", choices=["default", "fast", "precision", "recall"], default="default",
                        help="default: standard extraction with fallbacks; fast: no fallback algorithms")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--dump", help="write each dev page's output to DIR/<file>.txt")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one core")
    args = parser.parse_args()

    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    import trafilatura

    options = {"include_comments": False, "include_tables": True}
    if args.mode == "fast":
        options["fast"] = True
    elif args.mode == "precision":
        options["favor_precision"] = True
    elif args.mode == "recall":
        options["favor_recall"] = True

    pages = load_pages(args.data, args.split)
    reports = []
    totals = new_counts()
    for split in ("dev", "test"):
        split_pages = [p for p in pages if split_of(p[0]) == split]
        if not split_pages:
            continue
        counts = new_counts()
        wall, cpu = time.perf_counter(), time.thread_time()
        outputs = [trafilatura.extract(raw, url=url, **options) for url, _, raw in split_pages]
        counts["seconds"] = time.perf_counter() - wall
        counts["cpu_seconds"] = time.thread_time() - cpu
        counts["bytes"] = sum(len(raw) for _, _, raw in split_pages)
        for (url, entry, _), text in zip(split_pages, outputs):
            score(text, entry, counts)
            if args.dump and split == "dev":
                os.makedirs(args.dump, exist_ok=True)
                with open(os.path.join(args.dump, entry["file"] + ".txt"), "w", encoding="utf-8") as f:
                    f.write(text or "")
        reports.append(summary(split, counts))
        for key in totals:
            totals[key] += counts[key]
    if len(reports) == 2:
        reports.append(summary("all", totals))

    if args.format == "json":
        print(json.dumps({"tool": "trafilatura", "version": trafilatura.__version__, "mode": args.mode,
                          "reports": reports}, indent=2))
        return
    print(f"trafilatura {trafilatura.__version__} ({args.mode}) on {args.data} ({len(pages)} pages)")
    print("split  pages  precision  recall     F1  accuracy  fully-right  pages/s  pages/CPU-s   MB/s")
    for r in reports:
        print(f"{r['split']:<5} {r['pages']:>6}  {r['precision']:>9.3f}  {r['recall']:>6.3f}  {r['f1']:>5.3f}  "
              f"{r['accuracy']:>8.3f}  {r['fully_right']:>11.3f}  {r['pages_per_second']:>7.1f}  "
              f"{r['pages_per_cpu_second']:>11.1f}  {r['megabytes_per_second']:>5.1f}")


if __name__ == "__main__":
    main()
