"""Model label set and the mapping from data labels (INVENTORY.tsv) to it, read from labels.json."""
from __future__ import annotations

import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
LABELS_JSON = os.path.join(_HERE, "labels.json")


def load_label_config(path: str = LABELS_JSON) -> dict:
    with open(path) as f:
        cfg = json.load(f)
    missing = [v for v in cfg["data_to_model"].values() if v not in cfg["model_labels"]]
    if missing:
        raise ValueError(f"{path}: data labels map to unknown model labels {missing}")
    return cfg


_CFG = load_label_config()
MODEL_LABELS: list = list(_CFG["model_labels"])
LABEL_INDEX: dict = {c: i for i, c in enumerate(MODEL_LABELS)}
CORE_LABELS: list = list(_CFG["core_labels"])
DATA_TO_MODEL: dict = dict(_CFG["data_to_model"])
OOD_SOURCES_TO_OTHER: list = list(_CFG.get("out_of_domain_sources", []))


def model_label(data_label: str, source: str = "") -> str | None:
    """Model label for a data label; None when the label is unknown (the row is skipped)."""
    if any(s in source for s in OOD_SOURCES_TO_OTHER):
        return "OTHER"
    return DATA_TO_MODEL.get(data_label)
