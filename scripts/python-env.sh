#!/usr/bin/env bash
# Create (once) the Python virtual environment of models/training in .venv, from the pinned
# requirements; pip uses only the local mirror here (--retries 0: no waiting on unreachable indexes).
set -euo pipefail
cd "$(dirname "$0")/.."
req=models/training/requirements.txt
stamp=.venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --retries 0 --disable-pip-version-check -q -r "$req"
echo "$want" > "$stamp"
