#!/usr/bin/env bash
# Retrain the shipped model from ../shared/data and regenerate every number and figure of its
# model card (recipe defaults of models/training/mrseq_train/recipe.py: MobileNetV2 cut at stride
# 16 from nsfwjs@4.4.0's natural-image weights, mrseq-prep-2, hospital field-of-view augmentation,
# derived ADC maps; FLAGS below add the rest of the shipped recipe).
#
#   bash models/training/reproduce.sh [OUT_DIR]      (default OUT_DIR: models/<the name in models/DEFAULT_MODEL>)
#
# 1. leave-one-source-out: one model per held-out source group, LOSO_STEPS steps each; out-of-fold
#    logits -> .cache/loso/loso-v8.json, fold checkpoints -> .cache/loso/loso-v8/ (about 80 min at
#    160 px on the 2-core CPU; the shipped card's run was made in two parts, --only
#    figshare_cheng,brats_tcga and the other eight groups, and merged with --from-folds: each fold is
#    trained the same way whichever groups a run includes)
# 2. the shipped model: every subject, STEPS steps; temperature and unknown threshold fitted on the
#    out-of-fold logits of step 1 (the closest estimate of a new hospital); ONNX + model.json +
#    golden vectors -> OUT_DIR
# 3. the card: MODEL_CARD.md blocks and card/*.png in OUT_DIR (needs node_modules for the
#    onnxruntime-node latency and the product-path check: npm ci)
# The first run also fetches nsfwjs@4.4.0 with `npm pack` (integrity checked) and converts its
# weights once into .cache/pretrained/.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHIPPED=$(tr -d '[:space:]' < models/DEFAULT_MODEL)
OUT=${1:-models/$SHIPPED}
LOSO_STEPS=${LOSO_STEPS:-500}
STEPS=${STEPS:-2500}
FLAGS=${FLAGS:---cam-bg-weight 1.0}
# the earlier recipes (their cards; each card's reproduce line is checked against its model.json by
# models/training/tests/test_shipped.py): mrseq-v7, the same network at stride 16 (10 x 10 map),
#   NAME=mrseq-v7 LOSO=loso-v7 FLAGS="--cam-bg-weight 1.0 --cut s16s" bash models/training/reproduce.sh models/mrseq-v7
# mrseq-v6, the longer network,
#   NAME=mrseq-v6 LOSO=loso-v6 FLAGS="--cam-bg-weight 1.0 --cut s16" bash models/training/reproduce.sh models/mrseq-v6
# mrseq-v2 at 128 px,
#   NAME=mrseq-v2 LOSO=loso-v2 FLAGS="--cam-bg-weight 1.0 --backbone-lr-mult 0.2 --size 128 --cut s16" bash models/training/reproduce.sh models/mrseq-v2
# mrseq-v4 at 192 px and mrseq-v5 at 160 px, both with the backbone at x0.2 of the head's learning rate,
#   NAME=mrseq-v5 LOSO=loso-v5 FLAGS="--cam-bg-weight 1.0 --backbone-lr-mult 0.2 --cut s16" bash models/training/reproduce.sh models/mrseq-v5
#   (mrseq-v4: LOSO=loso-v4 and --size 192 added to FLAGS), and mrseq-v3:
#   NAME=mrseq-v3 LOSO=loso-v3 FLAGS="--cam-bg-weight 1.0 --backbone-lr-mult 0.2 --size 128 --cut s16 --strip 0.4 --strip-classes T1,T1c --seed 1" \
#   bash models/training/reproduce.sh models/mrseq-v3
NAME=${NAME:-$SHIPPED}
LOSO=${LOSO:-loso-${SHIPPED#mrseq-}}
PY=.venv/bin/python
[ -x "$PY" ] || bash scripts/python-env.sh
mkdir -p .cache
# shellcheck disable=SC2086
$PY -u models/training/evaluate.py --steps "$LOSO_STEPS" $FLAGS --name "$LOSO"
# shellcheck disable=SC2086
$PY -u models/training/train.py --steps "$STEPS" $FLAGS --val-frac 0 \
  --calibration-from ".cache/loso/$LOSO.json" --name "$NAME" --export "$OUT"
$PY models/training/card.py --loso ".cache/loso/$LOSO.json" --model "$OUT"
