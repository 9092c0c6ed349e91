#!/usr/bin/env python3
"""Sentence-boundary anchors on the NLP4IF-2019 articles, scored exactly like
`parallax eval sentences`: each blank-line separated group of lines is a paragraph of gold
sentences, rebuilt by joining them with a space; a boundary is a sentence end strictly inside the
paragraph. Anchors: pysbd, NLTK punkt (the pretrained English model when its data is installed,
otherwise a Punkt model trained unsupervised on the same text), blingfire.

Usage: python bench/anchors/sentence_eval.py [DATA_DIR]
"""
import json
import os
import sys
import time

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/propaganda/nlp4if2019/train-articles"


def paragraphs(data_dir):
    groups = []
    for name in sorted(os.listdir(data_dir)):
        if not name.endswith(".txt"):
            continue
        current = []
        with open(os.path.join(data_dir, name), encoding="utf-8") as f:
            for line in f.read().split("\n"):
                line = " ".join(line.split())
                if not line:
                    if current:
                        groups.append(current)
                        current = []
                else:
                    current.append(line)
        if current:
            groups.append(current)
    return groups


def score(groups, split):
    tp = predicted = gold = 0
    started = time.perf_counter()
    for sentences in groups:
        text = " ".join(sentences)
        gold_ends, offset = set(), 0
        for s in sentences[:-1]:
            offset += len(s)
            gold_ends.add(offset)
            offset += 1
        ends = set()
        cursor = 0
        for s in split(text):
            s = s.strip()
            if not s:
                continue
            at = text.find(s, cursor)
            if at < 0:
                continue
            cursor = at + len(s)
            if cursor < len(text.rstrip()):
                ends.add(cursor)
        tp += len(gold_ends & ends)
        predicted += len(ends)
        gold += len(gold_ends)
    seconds = time.perf_counter() - started
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "gold": gold, "predicted": predicted, "seconds": seconds}


def main():
    groups = paragraphs(DATA)
    n = sum(len(g) for g in groups)
    results = {}

    import pysbd
    seg = pysbd.Segmenter(language="en", clean=False)
    results["pysbd " + pysbd.__version__] = score(groups, seg.segment)

    import nltk
    try:
        from nltk.tokenize import sent_tokenize
        sent_tokenize("Test. Sentence.")
        results["nltk punkt (pretrained) " + nltk.__version__] = score(groups, sent_tokenize)
    except LookupError:
        from nltk.tokenize.punkt import PunktSentenceTokenizer
        tokenizer = PunktSentenceTokenizer(" ".join(" ".join(g) for g in groups))
        results["nltk punkt (trained on this text) " + nltk.__version__] = score(groups, tokenizer.tokenize)

    import blingfire
    results["blingfire"] = score(groups, lambda t: blingfire.text_to_sentences(t).split("\n"))

    for name, r in results.items():
        print(f"{name:45s} P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}  {n / r['seconds']:>9.0f} sentences/s")
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()
