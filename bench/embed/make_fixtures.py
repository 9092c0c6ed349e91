"""Writes the parity fixtures of crates/embed/tests/data from the reference implementations.

- tokenizer_cases.json: token ids from the Hugging Face `tokenizers` library (the model's own
  tokenizer.json, truncated to 256 like sentence-transformers) for the tricky inputs of cases.py,
  a long text that must be truncated, and seeded random strings over many scripts.
- embedding_reference.json: for our own news-like sentences, the float64 numpy encoder of
  reference.py on model.safetensors ("float32_model") and ONNX Runtime's Python API on the same
  model.onnx that parallax-embed runs ("onnx_model"), both mean-pooled and L2-normalised.

Usage (in the venv made by setup-venv.sh, after scripts/fetch-models.sh):
  make_fixtures.py MODEL_DIR OUT_DIR
"""

import json
import os
import random
import sys

import numpy as np
import onnxruntime
from safetensors.numpy import load_file
from tokenizers import Tokenizer

sys.path.insert(0, os.path.dirname(__file__))
from cases import CASES  # noqa: E402
from reference import MAX_SEQ_LENGTH, encode_one  # noqa: E402

# A long paragraph (well over 256 word pieces) to check truncation.
LONG_TEXT = " ".join(
    f"Paragraph {i}: the regional council postponed its vote on the budget after a dispute "
    f"over emergency housing funds, officials said." for i in range(30)
)

EMBEDDING_SENTENCES = [
    "The finance minister resigned on Tuesday after weeks of pressure over the budget.",
    "After weeks of criticism over the budget, the finance minister stepped down on Tuesday.",
    "Heavy rain flooded hundreds of homes in the coastal towns overnight.",
    "Hundreds of houses along the coast were inundated by overnight downpours.",
    "The striker scored twice as the home team won the cup final.",
    "Researchers found that the new vaccine cut hospital admissions by half.",
    "Officials denied that the election results had been manipulated.",
    "A court in the capital sentenced two journalists to five years in prison.",
    "Crème brûlée prices in Zürich rose 12% this year, café owners say.",
    "",
    LONG_TEXT,
]


def fuzz_strings(count=200, seed=20260521):
    """Random mixtures of words and characters from many Unicode blocks (no line breaks)."""
    rng = random.Random(seed)
    blocks = [
        (0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF),
        (0x900, 0x97F), (0xE00, 0xE7F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
        (0x2100, 0x218F), (0x2190, 0x23FF), (0x2460, 0x24FF), (0x3000, 0x303F), (0x3040, 0x30FF),
        (0x4E00, 0x4E80), (0xAC00, 0xAC80), (0xE000, 0xE010), (0xFB00, 0xFB4F), (0xFE30, 0xFE4F),
        (0xFF00, 0xFFEF), (0x1D400, 0x1D4FF), (0x1F300, 0x1F6FF), (0x1F900, 0x1F9FF),
        (0x20000, 0x20010), (0x1, 0x1F), (0x80, 0x9F),
    ]
    words = ["the", "minister", "said", "talks", "vote", "report", "news", "police", "city", "war"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(3, 12)):
            if rng.random() < 0.4:
                parts.append(rng.choice(words))
            else:
                a, b = rng.choice(blocks)
                parts.append("".join(chr(rng.randint(a, b)) for _ in range(rng.randint(1, 4))))
            parts.append(rng.choice([" ", "", " ", "\u00a0"]))
        out.append("".join(parts))
    return out


def main():
    model_dir, out_dir = sys.argv[1:3]
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(MAX_SEQ_LENGTH)

    texts = list(CASES) + [LONG_TEXT] + fuzz_strings()
    cases = [{"text": t, "ids": tok.encode(t).ids} for t in texts]
    with open(f"{out_dir}/tokenizer_cases.json", "w", encoding="utf-8") as f:
        # One case per line keeps diffs readable.
        lines = ",\n".join(json.dumps(c, ensure_ascii=True) for c in cases)
        f.write(f'{{"max_tokens": {MAX_SEQ_LENGTH}, "cases": [\n{lines}\n]}}\n')

    weights = load_file(f"{model_dir}/model.safetensors")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(f"{model_dir}/model.onnx", options)
    entries = []
    for text in EMBEDDING_SENTENCES:
        ids = tok.encode(text).ids
        pooled = encode_one(weights, ids).mean(0)
        float32_model = pooled / np.linalg.norm(pooled)
        batch = np.array([ids], dtype=np.int64)
        hidden = session.run(
            None,
            {"input_ids": batch, "attention_mask": np.ones_like(batch), "token_type_ids": np.zeros_like(batch)},
        )[0][0]
        pooled = hidden.astype(np.float64).mean(0)
        onnx_model = pooled / np.linalg.norm(pooled)
        entries.append({
            "text": text,
            "ids": ids,
            "float32_model": [round(float(x), 7) for x in float32_model],
            "onnx_model": [round(float(x), 7) for x in onnx_model],
        })
    with open(f"{out_dir}/embedding_reference.json", "w", encoding="utf-8") as f:
        json.dump({"sentences": entries}, f, ensure_ascii=True)


if __name__ == "__main__":
    main()
