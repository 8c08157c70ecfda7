#!/usr/bin/env bash
# npm run bench: build the plugin (and fetch the pinned OHIF once), then measure inside a network
# namespace with loopback only (Orthanc listens on every interface), like the end-to-end test.
# Prints a table and writes out/bench.json. Arguments go to scripts/bench/main.ts (--skip-browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ " $* " != *" --skip-browser "* ]]; then bash scripts/install-e2e-deps.sh; fi
node --import tsx scripts/start/main.ts --build-only
ns=(unshare --net)
[ "$(id -u)" -eq 0 ] || ns=(unshare --map-root-user --net)
exec "${ns[@]}" -- bash -c 'ip link set lo up && exec node --import tsx scripts/bench/main.ts "$@"' bench "$@"
