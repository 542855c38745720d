#!/usr/bin/env bash
# The GPU checks of issues 7 and 8 in one call on the device machine (Keras on JAX; it has no TensorFlow):
#   1. bench_gpu.py: model alone vs the course's pipeline from JPEG files (pipeline_vs_model_only);
#   2. the paper end to end: both models tuned (5 trials, 20 epochs, 8,000 images), wall time, the stack
#      computed once per search and held in memory (--in-memory: 3 GB each; 100 epochs read it);
#   3. the chapter-08 ablation on the DFDC sample at paper scale (8,000 faces, 128 px, 3 seeds).
# Run from the repository root: bash benchmarks/gpu_session.sh [budget_seconds, default 560]
# Needs .whl/ (keras, keras-tuner, kt-legacy, namex, optree, psutil wheels for Python 3.12, and
# numba_llvmlite.tar.xz: numba 0.68.1 + llvmlite 0.50.0 unpacked, used only if the machine lacks numba) and .dfdc/ (the
# DFDC sample). Writes session.log and results.tgz into $OUT (default ./gpu-out); each stage is cut
# at the budget, keeping what finished.
# Smaller sizes for a dry run elsewhere: BENCH_N, PAPER_ARGS, ABL_N, ABL_SIZE, ABL_EPOCHS, PY, NO_WHEELS=1;
# STAGE1: seconds for bench_gpu (default 170).
set -u
BUDGET=${1:-560}
PY=${PY:-python3}
BENCH_N=${BENCH_N:-4096}
PAPER_ARGS=${PAPER_ARGS:---profile paper}
ABL_N=${ABL_N:-8000} ABL_SIZE=${ABL_SIZE:-128} ABL_EPOCHS=${ABL_EPOCHS:-20}
ABLATION=${ABLATION:-1}  # 0: skip stage 3 (recorded 2026-11-26) and give stage 2 its time
RESERVE=$((ABLATION == 1 ? 110 : 20))
T0=$(date +%s)
OUT=${OUT:-gpu-out}
RES=/tmp/results
mkdir -p "$OUT" "$RES"
left() { echo $((BUDGET - ($(date +%s) - T0))); }
log() { echo "[$(($(date +%s) - T0)) s] $*" | tee -a "$OUT/session.log"; }
quiet() { grep -v -E "os.fork|self.pid = os.fork|^WARNING: All log|^I0000|^\s*$" || true; }

[ -n "${NO_WHEELS:-}" ] || $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .whl/*.whl || exit 1
if ! $PY -c "import numba" 2> /dev/null && [ -f .whl/numba_llvmlite.tar.xz ]; then
  mkdir -p /tmp/site && tar xJf .whl/numba_llvmlite.tar.xz -C /tmp/site
fi
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 KERAS_BACKEND=jax XLA_PYTHON_CLIENT_PREALLOCATE=false
export DFKIT_CACHE=/tmp/dfkit-cache
smoke=$($PY -c "import numpy as np; from dfkit import features, loader; print(features.feature_stack(np.zeros((2, 32, 32, 3), np.uint8)).shape)" 2>&1 | tail -3)
[ "$smoke" = "(2, 32, 32, 6)" ] || { log "dfkit does not import or run here, stopping: $smoke"; exit 1; }
log "$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader), $(nproc) cores"
log "$($PY -c 'import keras, jax, numpy, cv2, sys; print("python", sys.version.split()[0], "keras", keras.__version__, "jax", jax.__version__, jax.devices(), "numpy", numpy.__version__, "opencv", cv2.__version__)' 2>&1 | tail -1)"

log "1. bench_gpu (cut after ${STAGE1:-170} s)"
timeout ${STAGE1:-170} $PY benchmarks/bench_gpu.py --n $BENCH_N --batch 128 --workers 14 2>&1 | quiet | tee -a "$OUT/session.log"

log "2. the paper end to end (both searches at once, 7 loader threads each, inputs held in memory)"
start=$(date +%s)
$PY -m dfkit data $PAPER_ARGS > "$RES/paper_data.log" 2>&1
log "paper data ready after $(($(date +%s) - start)) s"
pids=()
for m in cnn resnet; do
  timeout $(($(left) - RESERVE)) $PY -m dfkit tune $PAPER_ARGS --model $m --workers 7 --precision mixed_bfloat16 --in-memory \
    --out "$RES/tune_$m" > "$RES/tune_$m.log" 2>&1 &
  pids+=($!)
done
status=finished
for pid in "${pids[@]}"; do wait "$pid" || status="NOT finished (cut at the time budget or failed)"; done
log "paper end to end: $status after $(($(date +%s) - start)) s wall (data + 2 x 5 trials x 20 epochs + scoring)"
for m in cnn resnet; do
  grep -aoE "search \+ scoring: [0-9]+ s|Total elapsed time: [0-9hms ]+" "$RES/tune_$m.log" | sed "s/^/$m: /" | tee -a "$OUT/session.log"
  [ -f "$RES/tune_$m/trials.csv" ] && sed "s/^/$m trials: /" "$RES/tune_$m/trials.csv" | tee -a "$OUT/session.log"
  [ -f "$RES/tune_$m/metrics.json" ] && $PY -c "import json,sys; t=json.load(open(sys.argv[1]))['test']; print(sys.argv[2], 'test', {k: round(t[k], 3) for k in ('accuracy','recall','specificity','roc_auc')})" "$RES/tune_$m/metrics.json" $m | tee -a "$OUT/session.log"
done
rm -rf "$RES"/tune_*/tuner "$RES"/tune_*/model.keras

[ "$ABLATION" = 1 ] || { log "done (ablation skipped)"; tar czf "$OUT/results.tgz" -C "$RES" .; exit 0; }
log "3. DFDC ablation, 8,000 faces at 128 px, one process per (model, seed), $(left) s left"
for m in cnn resnet; do for s in 0 1 2; do
  timeout $(($(left) - 20)) $PY benchmarks/ablation_real.py --data .dfdc --n $ABL_N --size $ABL_SIZE --epochs $ABL_EPOCHS \
    --models $m --seeds $s --in-memory --csv "$RES/ablation_${m}_$s.csv" > "$RES/ablation_${m}_$s.log" 2>&1 &
done; done
wait
$PY benchmarks/ablation_real.py --merge "$RES"/ablation_*.csv 2>&1 | quiet | tee -a "$OUT/session.log"
log "done"
tar czf "$OUT/results.tgz" -C "$RES" .
