#!/usr/bin/env python3
"""Python trafilatura on the trafilatura evaluation set, scored exactly like `parallax eval extraction`.

Same pages, same dev/test split (FNV-1a 64 of the URL, even = dev), same snippet metric (a `with`
snippet found in the output is a true positive, missing a false negative; a `without` snippet found
is a false positive, absent a true negative), and pages/s of extraction alone on one core.

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
            print(f"missing page file: {entry['file']}", file=sys.stderr)
    return pages


def score(text, entry, counts):
    page_right = True
    for snippet in entry["with"]:
        if text is not None and snippet in text:
            counts["tp"] += 1
        else:
            counts["fn"] += 1
            page_right = False
    for snippet in entry["without"]:
        if text is not None and snippet in text:
            counts["fp"] += 1
            page_right = False
        else:
            counts["tn"] += 1
    counts["pages"] += 1
    counts["fully_right"] += page_right


def summary(counts, seconds):
    tp, fn, fp, tn = counts["tp"], counts["fn"], counts["fp"], counts["tn"]
    ratio = lambda a, b: a / b if b else 0.0
    return {
        "pages": counts["pages"],
        "tp": tp, "fn": fn, "fp": fp, "tn": tn,
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "accuracy": ratio(tp + tn, tp + tn + fp + fn),
        "fully_right": ratio(counts["fully_right"], counts["pages"]),
        "seconds": seconds,
        "pages_per_second": ratio(counts["pages"], seconds),
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
    parser.add_argument("--dump", help="write each page's output to DIR/<file>.txt (dev split only)")
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
    counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "pages": 0, "fully_right": 0}
    seconds = 0.0
    for url, entry, raw in pages:
        start = time.perf_counter()
        text = trafilatura.extract(raw, url=url, **options)
        seconds += time.perf_counter() - start
        score(text, entry, counts)
        if args.dump and split_of(url) == "dev":
            os.makedirs(args.dump, exist_ok=True)
            with open(os.path.join(args.dump, entry["file"] + ".txt"), "w", encoding="utf-8") as f:
                f.write(text or "")

    result = summary(counts, seconds)
    result.update({"tool": "trafilatura", "version": trafilatura.__version__, "mode": args.mode,
                   "split": args.split})
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        print(f"trafilatura {result['version']} ({args.mode}), split {args.split}: {result['pages']} pages")
        print(f"  precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
              f"F1 {result['f1']:.3f}  accuracy {result['accuracy']:.3f}  "
              f"fully right {result['fully_right']:.3f}")
        print(f"  {result['pages_per_second']:.1f} pages/s ({result['seconds']:.2f} s extracting, one core)")


if __name__ == "__main__":
    main()
