"""Python anchor for NLP4IF-2019 sentence-level classification (SLC): scikit-learn TF-IDF +
logistic regression, trained on our training split and scored on our development split (the
same article-id split as `parallax train propaganda`, re-implemented here).

Usage: ~/.cache/parallax/venv-propaganda/bin/python bench/propaganda/slc_tfidf_lr.py [DATA_DIR]
"""
import os
import re
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score

MASK = 2**64 - 1


def fnv(data, h=0xCBF29CE484222325):
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def mix64(x):
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK
    x ^= x >> 33
    return x


def is_dev(article_id):
    """Mirror of parallax_analyze::data::is_dev (FeatureKey::new(0).str(id), salted)."""
    h = fnv((0).to_bytes(4, "little"))
    h = fnv(article_id.encode() + b"\xff", h)
    return mix64(mix64(h) ^ 0x706172616C6C6178) % 5 == 0


def load(data_dir):
    base = os.path.join(data_dir, "propaganda", "nlp4if2019")
    train, dev = ([], []), ([], [])
    for name in sorted(os.listdir(os.path.join(base, "train-articles"))):
        article_id = re.findall(r"\d+", name)[0]
        lines = open(os.path.join(base, "train-articles", name), encoding="utf-8").read().split("\n")
        labels = os.path.join(base, "train-labels-SLC", f"article{article_id}.task-SLC.labels")
        target = dev if is_dev(article_id) else train
        for row in open(labels, encoding="utf-8"):
            _, line, label = row.rstrip("\n").split("\t")
            text = lines[int(line) - 1]
            if not text.strip():
                continue
            target[0].append(text)
            target[1].append(label == "propaganda")
    return train, dev


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    (x_train, y_train), (x_dev, y_dev) = load(data_dir)
    print(f"train sentences {len(x_train)}, dev sentences {len(x_dev)} ({sum(y_dev)} propaganda)")
    for name, weight in [("plain", None), ("balanced", "balanced")]:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        features = vectorizer.fit_transform(x_train)
        model = LogisticRegression(C=1.0, max_iter=2000, class_weight=weight)
        model.fit(features, y_train)
        predicted = model.predict(vectorizer.transform(x_dev))
        print(
            f"scikit-learn TF-IDF(1-2 grams)+LR {name}: "
            f"P {precision_score(y_dev, predicted):.4f} R {recall_score(y_dev, predicted):.4f} "
            f"F1 {f1_score(y_dev, predicted):.4f}"
        )


if __name__ == "__main__":
    main()
