#!/usr/bin/env bash
# Retrain the shipped model from ../shared/data and regenerate every number and figure of its
# model card. Runs on this 2-core CPU in 80-100 minutes (leave-one-source-out ~55, final ~25-35).
#
#   bash models/training/reproduce.sh [OUT_DIR]      (default OUT_DIR: models/mrseq-v1)
#
# 1. leave-one-source-out: one model per held-out source group, LOSO_STEPS steps each; out-of-fold
#    logits -> .cache/loso/loso-card.json, fold checkpoints -> .cache/loso/loso-card/
# 2. the shipped model: every subject, STEPS steps; temperature and unknown threshold fitted on the
#    out-of-fold logits of step 1 (the closest estimate of a new hospital); ONNX + model.json +
#    golden vectors -> OUT_DIR
# 3. the card: MODEL_CARD.md blocks and card/*.png in OUT_DIR (needs node_modules for the
#    onnxruntime-node latency: npm ci)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-models/mrseq-v1}
LOSO_STEPS=${LOSO_STEPS:-2000}
STEPS=${STEPS:-8000}
PY=.venv/bin/python
[ -x "$PY" ] || bash scripts/python-env.sh
mkdir -p .cache
$PY -u models/training/evaluate.py --steps "$LOSO_STEPS" --name loso-card
$PY -u models/training/train.py --steps "$STEPS" --val-frac 0 \
  --calibration-from .cache/loso/loso-card.json --name mrseq-v1 --export "$OUT"
$PY models/training/card.py --loso .cache/loso/loso-card.json --model "$OUT"
