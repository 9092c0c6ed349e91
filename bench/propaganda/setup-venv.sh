#!/usr/bin/env bash
# Creates the throwaway virtualenv for the propaganda anchors (scikit-learn), never part of the
# build. Usage: bench/propaganda/setup-venv.sh  -> ~/.cache/parallax/venv-propaganda
set -euo pipefail
VENV="${PARALLAX_PROPAGANDA_VENV:-$HOME/.cache/parallax/venv-propaganda}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet --upgrade scikit-learn numpy
"$VENV/bin/python" -c 'import sklearn; print("scikit-learn", sklearn.__version__, "in", "'"$VENV"'")'
