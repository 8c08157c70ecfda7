#!/usr/bin/env bash
# The study's ResNet-18/34/50 (from scratch: no ImageNet weights can be fetched here) against the
# shipped recipe's MobileNetV2 (nsfwjs init) and the same MobileNetV2 from scratch, on the issue's
# A/B protocol (figshare_cheng and brats_tcga held out, 500 steps per fold), on a lent GPU machine.
# Every arm reads the same pack (pack.py: <= 8 + 2 slices per series, 8-bit), so the arms are
# compared with each other, not with CPU runs on the full slice cache. Arms run in order of
# priority until the budget is spent (arms.py); results land in $OUT/summary.jsonl and arms.tar.gz.
#
# ARMS=inception instead runs nsfwjs's InceptionV3 (ImageNet weights through mixed5, inception.py)
# cut at mixed5 and at mixed2, against the same MobileNetV2 arm, and the mixed5 cut from scratch.
#
# Prepare here (repo root):
#   .venv/bin/python models/training/pack.py --size 160 --out .gpu/slices160.xz --weights .gpu/nsfwjs-f16.npz \
#       --inception-weights .gpu/inception-f16.npz
# Run there (device tool, carry [".gpu"]):  bash models/training/gpu_arms.sh   (or ARMS=inception bash ...)
set -uo pipefail
PY=${PY:-python3}
OUT=${OUT:-.cache/gpu-arms}
BUDGET=${BUDGET:-420}
export PYTHONUNBUFFERED=1
mkdir -p "$OUT"
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  nproc
  $PY -c "import sys, torch, numpy; print(sys.version.split()[0], torch.__version__, numpy.__version__, torch.cuda.is_available())"
  W=.gpu/nsfwjs-f16.npz
  I="--arch inceptionv3 --pretrained-file .gpu/inception-f16.npz"
  ARMS_PY=($PY models/training/arms.py --budget "$BUDGET" --out "$OUT"
    --common "--pack .gpu/slices160.xz --device ${DEVICE:-cuda} --workers ${WORKERS:-14} --steps ${STEPS:-500} --only figshare_cheng,brats_tcga")
  if [ "${ARMS:-study}" = inception ]; then
    "${ARMS_PY[@]}" \
    --arm gpu-incv3-m5-s0="$I --cut mixed5" \
    --arm gpu-incv3-m5-s1="$I --cut mixed5 --seed 1" \
    --arm gpu-mnv2-nsfwjs-s0="--pretrained-file $W" \
    --arm gpu-incv3-m2-s0="$I --cut mixed2" \
    --arm gpu-incv3-m2-s1="$I --cut mixed2 --seed 1" \
    --arm gpu-mnv2-nsfwjs-s1="--pretrained-file $W --seed 1" \
    --arm gpu-incv3-m5-scratch-s0="--arch inceptionv3 --init scratch --cut mixed5" \
    --arm gpu-incv3-m5-2000-s0="$I --cut mixed5 --steps $((4 * ${STEPS:-500}))"
  else
    "${ARMS_PY[@]}" \
    --arm gpu-mnv2-nsfwjs-s0="--pretrained-file $W" \
    --arm gpu-r18-s0="--arch resnet18" \
    --arm gpu-r34-s0="--arch resnet34" \
    --arm gpu-r50-s0="--arch resnet50" \
    --arm gpu-mnv2-scratch-s0="--init scratch" \
    --arm gpu-mnv2-nsfwjs-s1="--pretrained-file $W --seed 1" \
    --arm gpu-r18-s1="--arch resnet18 --seed 1" \
    --arm gpu-r34-s1="--arch resnet34 --seed 1" \
    --arm gpu-r50-s1="--arch resnet50 --seed 1" \
    --arm gpu-mnv2-scratch-s1="--init scratch --seed 1" \
    --arm gpu-r18-2000-s0="--arch resnet18 --steps $((4 * ${STEPS:-500}))" \
    --arm gpu-mnv2-nsfwjs-2000-s0="--pretrained-file $W --steps $((4 * ${STEPS:-500}))"
  fi
} 2>&1 | tee "$OUT/log.txt"
