#!/usr/bin/env bash
# Creates the throwaway virtualenv that holds the Python anchor tools (never part of the build).
# Usage: bench/anchors/setup-venv.sh            -> ~/.cache/parallax/venv with the latest trafilatura
set -euo pipefail
VENV="${PARALLAX_VENV:-$HOME/.cache/parallax/venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet --upgrade trafilatura
"$VENV/bin/python" -c 'import trafilatura; print("trafilatura", trafilatura.__version__, "in", "'"$VENV"'")'
