#!/usr/bin/env bash
# npm run bench:big-study: only the 40-series study of the benchmarks (scripts/bench/bigStudyBench.ts),
# like bench.sh: plugin build (skipped with --no-build when dist/plugin is current), then a network
# namespace with loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-e2e-deps.sh
if [[ " $* " != *" --no-build "* ]]; then node --import tsx scripts/start/main.ts --build-only; fi
ns=(unshare --net)
[ "$(id -u)" -eq 0 ] || ns=(unshare --map-root-user --net)
exec "${ns[@]}" -- bash -c 'ip link set lo up && exec node --import tsx scripts/bench/bigStudyBench.ts' big-study
