"""The default model, named once in models/DEFAULT_MODEL (one line: a folder under models/).

train.py, card.py and quantize.py take their defaults from here; the command line, the viewer build
and study calibration read the same file (cli/src/defaultModel.ts)."""
from __future__ import annotations

import os
import re

from .data import REPO_ROOT

DEFAULT_MODEL_FILE = os.path.join(REPO_ROOT, "models", "DEFAULT_MODEL")


def default_model_name(path: str = DEFAULT_MODEL_FILE) -> str:
    with open(path, encoding="utf-8") as f:
        name = f.read().strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name) or name in (".", ".."):
        raise ValueError(f"{path}: expected one model folder name, found {name!r}")
    return name


def default_model_dir() -> str:
    return os.path.join(REPO_ROOT, "models", default_model_name())
