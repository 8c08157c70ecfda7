#!/usr/bin/env bash
# npm run study:calibrate [-- --model models/<name>] [--no-write]
# Classifies ../shared/data with the given model (default: the folder named in models/DEFAULT_MODEL), then fits fusion v2 and
# the T1 / T1c pair weights on that output, writes them (fusionFit.json, studyParams.json) and puts
# the tables into extension/src/core/metadata/FUSION.md. Re-run it whenever the default model changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${MRSEQ_SHARED_DATA:-../shared/data}"
model="models/$(tr -d '[:space:]' < models/DEFAULT_MODEL)"
write=(--write --docs)
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --no-write) write=(); shift ;;
    *) echo "usage: npm run study:calibrate [-- --model DIR] [--no-write]" >&2; exit 2 ;;
  esac
done
[ -f "$data/INVENTORY.tsv" ] || { echo "study:calibrate: no $data/INVENTORY.tsv (set MRSEQ_SHARED_DATA)" >&2; exit 2; }
mkdir -p out/study
json="out/study/classify-$(basename "$model").json"
# exit code 1 only says some files could not be read; they are listed in the JSON
nice -n 10 node cli/bin/mrseq.js classify "$data" --model "$model" --format json --no-progress -o "$json" || [ $? -eq 1 ]
nice -n 10 node --import tsx scripts/study/calibrate.ts --json "$json" --data "$data" --model "$model" "${write[@]}"
