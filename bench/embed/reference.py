"""Reference sentence embeddings for parallax-embed, computed independently of our Rust code.

Tokenizes with the Hugging Face `tokenizers` library (the model's own tokenizer.json) and runs
the BERT encoder in float64 numpy straight from model.safetensors, then mean-pools over real
tokens and L2-normalises, which is what sentence-transformers does for all-MiniLM-L6-v2
(modules.json: Transformer -> Pooling(mean) -> Normalize; max_seq_length 256).

Usage: reference.py MODEL_DIR SENTENCES.txt OUT.json
  SENTENCES.txt holds one sentence per line (our own sentences, written for the tests).
  OUT.json gets {"sentences": [...], "ids": [[...]], "embeddings": [[...384 floats]]}.
"""

import json
import math
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json
HEADS = 12
EPS = 1e-12


def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def encode_one(w, ids):
    """Last hidden state for one unpadded sequence, float64."""
    p = {k: v.astype(np.float64) for k, v in w.items() if v.dtype == np.float32}
    n = len(ids)
    x = (
        p["embeddings.word_embeddings.weight"][ids]
        + p["embeddings.position_embeddings.weight"][:n]
        + p["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"])
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in p:
        pre = f"encoder.layer.{layer}."

        def linear(name, h):
            return h @ p[pre + name + ".weight"].T + p[pre + name + ".bias"]

        q = linear("attention.self.query", x)
        k = linear("attention.self.key", x)
        v = linear("attention.self.value", x)
        d = q.shape[1] // HEADS
        ctx = np.zeros_like(q)
        for h in range(HEADS):
            s = slice(h * d, (h + 1) * d)
            scores = q[:, s] @ k[:, s].T / math.sqrt(d)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx[:, s] = scores @ v[:, s]
        attn = linear("attention.output.dense", ctx)
        x = layer_norm(x + attn, p[pre + "attention.output.LayerNorm.weight"], p[pre + "attention.output.LayerNorm.bias"])
        ff = linear("output.dense", gelu(linear("intermediate.dense", x)))
        x = layer_norm(x + ff, p[pre + "output.LayerNorm.weight"], p[pre + "output.LayerNorm.bias"])
        layer += 1
    return x


def main():
    model_dir, sentences_path, out_path = sys.argv[1:4]
    sentences = [line.rstrip("\n") for line in open(sentences_path, encoding="utf-8") if line.strip()]
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(MAX_SEQ_LENGTH)
    weights = load_file(f"{model_dir}/model.safetensors")
    ids = [tok.encode(s).ids for s in sentences]
    embeddings = []
    for seq in ids:
        pooled = encode_one(weights, seq).mean(0)
        embeddings.append((pooled / np.linalg.norm(pooled)).tolist())
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"sentences": sentences, "ids": ids, "embeddings": embeddings}, f)


if __name__ == "__main__":
    main()
