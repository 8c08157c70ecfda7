#!/usr/bin/env bash
# End-to-end test of the OHIF extension + mode (scripts/e2e/run.ts): Orthanc + STOW-RS + the viewer
# + headless Chromium. The test itself runs in a private network namespace that only has loopback,
# so Orthanc (which listens on every interface) is unreachable from outside and nothing can leave.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-e2e-deps.sh
# Fetch the pinned OHIF viewer (once) and build the plugin while the registry is reachable.
node --import tsx scripts/start/main.ts --build-only
ns=(unshare --net)
[ "$(id -u)" -eq 0 ] || ns=(unshare --map-root-user --net)
exec "${ns[@]}" -- bash -c 'ip link set lo up && exec node --import tsx scripts/e2e/run.ts'
