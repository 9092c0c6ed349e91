#!/usr/bin/env bash
# Throwaway virtualenv with the reference implementations used to make parallax-embed's fixtures
# and table: Hugging Face tokenizers, onnxruntime, safetensors and numpy (no PyTorch needed).
#   bash bench/embed/setup-venv.sh && bash scripts/fetch-models.sh
#   VENV/bin/python bench/embed/gen_unicode_tables.py crates/embed/src/tokenize/unicode_tables.rs
#   VENV/bin/python bench/embed/make_fixtures.py ~/.cache/parallax/models/all-minilm-l6-v2 crates/embed/tests/data
set -euo pipefail
VENV="${PARALLAX_VENV:-$HOME/.cache/parallax/venv}"
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet "tokenizers==0.23.3" "onnxruntime==1.31.1" "safetensors==0.8.0" numpy
echo "$VENV"
