#!/bin/bash
# Issue 14's image-classifier ratio (bench/bench_recipe_scripts.py) on a lent GPU machine:
# one CPU pass (CUDA hidden), then one GPU pass when the time budget still fits it.
# Run from a folder holding .whl/ (the wheels of scripts/gpu_proof_wheels.txt plus
# exhale-src.tar.gz, a `git archive` of the branch): `bash .whl/bench_device.sh`.
# Here, for a rehearsal: NOINSTALL=1 SRC=. PY=.venv/bin/python BENCH_EPOCHS=1 bash scripts/bench_device.sh
# Result and method: docs/bench-device.md.
set -u
T0=$SECONDS
PY=${PY:-python3}
OUT=${OUT:-/tmp/devbench-out}; mkdir -p "$OUT"
SRC=${SRC:-/tmp/src}
if [ -z "${NOINSTALL:-}" ]; then
  mkdir -p "$SRC" && tar -xzf .whl/exhale-src.tar.gz -C "$SRC" || exit 1
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site PATH=/tmp/site/bin:$PATH
fi
export DATABASE_URL= REDIS_URL= PYTHONUNBUFFERED=1 BENCH_RECIPES=image-classifier
export BENCH_THREADS=${BENCH_THREADS:-2} BENCH_REPEATS=${BENCH_REPEATS:-3}
unset MEDIA_ROOT STATIC_ROOT
cd "$SRC" || exit 1
{ date -u; nproc; uptime; nvidia-smi -L; $PY -V; $PY -c "import torch,fastai;print('torch',torch.__version__,'fastai',fastai.__version__,'cuda',torch.cuda.is_available())"
  $PY -c "from fastai.torch_core import default_device; print('fastai default_device', default_device())"; } 2>&1 | tee "$OUT/env.log"
set -o pipefail
echo "== CPU (CUDA_VISIBLE_DEVICES=) threads=$BENCH_THREADS repeats=$BENCH_REPEATS $(uptime)" | tee "$OUT/bench.log"
CUDA_VISIBLE_DEVICES= timeout 300 $PY -m bench recipe_scripts 2>&1 | tee -a "$OUT/bench.log"
cat var/bench/celery-worker-*.log > "$OUT/worker-cpu.log" 2>/dev/null
LEFT=$((${BUDGET:-400} - (SECONDS - T0)))
echo "== elapsed $((SECONDS - T0)) s, left $LEFT s" | tee -a "$OUT/bench.log"
if [ "$LEFT" -gt 150 ]; then
  echo "== GPU (CUDA visible) $(uptime)" | tee -a "$OUT/bench.log"
  timeout $((LEFT - 10)) $PY -m bench recipe_scripts 2>&1 | tee -a "$OUT/bench.log"
  cat var/bench/celery-worker-*.log > "$OUT/worker-gpu.log" 2>/dev/null
  nvidia-smi >> "$OUT/env.log" 2>&1
fi
echo "== done $((SECONDS - T0)) s" | tee -a "$OUT/bench.log"
