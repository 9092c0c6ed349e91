#!/usr/bin/env python3
"""Draws the sample of narrative matches labelled for docs/BENCHMARKS.md.

    parallax narratives --db DB --catalog CATALOG --format json --limit 1000 > matches.json
    bench/corpus/sample_narratives.py matches.json [--labels bench/corpus/narrative-labels.tsv]

Prints 40 matches drawn at random (seed 7; all of them when there are fewer) with the narrative's claim and the best carrying
sentence, for a person to judge: does the sentence state (or report) the narrative's claim?
With --labels, prints the precision of the labelled sample instead (the labels file holds
narrative id, record id and 1/0, no text).
"""
import json
import random
import sys


def main():
    matches = json.load(open(sys.argv[1]))
    pairs = [(n["id"], n["claim"], a) for n in matches["narratives"] for a in n["articles"]]
    random.Random(7).shuffle(pairs)
    sample = pairs[:40]
    if "--labels" in sys.argv:
        path = sys.argv[sys.argv.index("--labels") + 1]
        labels = {}
        for line in open(path):
            if line.startswith("#") or not line.strip():
                continue
            narrative, record, label = line.rstrip("\n").split("\t")
            labels[(narrative, record)] = int(label)
        judged = [labels[(n, a["id"])] for n, _, a in sample if (n, a["id"]) in labels]
        print(f"{len(pairs)} matches; sample of {len(sample)}, {len(judged)} labelled, "
              f"precision {sum(judged)}/{len(judged)} = {sum(judged) / max(1, len(judged)):.3f}")
        return
    for i, (narrative, claim, article) in enumerate(sample):
        print(f"#{i}\t{narrative}\t{article['id']}\tscore {article['score']}")
        print("   claim:   ", " ".join(claim.split())[:200])
        print("   sentence:", " ".join(article["sentences"][0]["text"].split())[:240])


if __name__ == "__main__":
    main()
