"""models/DEFAULT_MODEL is the one place the default model is named; the training scripts read it."""
import json
import os

import pytest

from mrseq_train.data import REPO_ROOT
from mrseq_train.shipped import default_model_dir, default_model_name


def test_default_model_is_a_committed_folder_whose_model_json_has_that_name():
    name = default_model_name()
    meta = json.load(open(os.path.join(default_model_dir(), "model.json")))
    assert meta["name"] == name
    assert default_model_dir() == os.path.join(REPO_ROOT, "models", name)


def test_a_damaged_default_model_file_is_refused(tmp_path):
    f = tmp_path / "DEFAULT_MODEL"
    f.write_text("../etc\n")
    with pytest.raises(ValueError, match="expected one model folder name"):
        default_model_name(str(f))
    f.write_text(" mrseq-v9\n")
    assert default_model_name(str(f)) == "mrseq-v9"


def _recipe_args(flags: list[str]) -> dict:
    """The recipe options that `flags` give train.py, named as model.json's training.recipe names
    them (derived_adc rather than --no-derived)."""
    import argparse

    from mrseq_train.recipe import add_recipe_args

    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    args = vars(ap.parse_args(flags))
    args["derived_adc"] = not args["no_derived"]
    return args


def _assert_recipe_matches(recorded: dict, args: dict, what: str) -> None:
    wanted = {k: args[k] for k in recorded if k in args}
    assert {k: recorded[k] for k in wanted} == wanted, what


def test_the_recipe_defaults_are_the_default_models_recorded_recipe():
    """`npm run model:reproduce` trains with the recipe's defaults: they must be the recipe the
    shipped model was trained with (model.json records it), or the card's command would retrain
    a different model."""
    defaults = _recipe_args([])
    meta = json.load(open(os.path.join(default_model_dir(), "model.json")))
    _assert_recipe_matches(meta["training"]["recipe"], defaults, default_model_name())
    assert meta["training"]["steps_done"] == defaults["steps"]


def _card_reproduce_flags(card: str) -> list[str] | None:
    """The recipe flags of a card's one-command reproduction: FLAGS="..." on the line that runs
    reproduce.sh (or npm run model:reproduce), else reproduce.sh's own default FLAGS."""
    import re
    import shlex

    section = card[card.index("## Reproduce"):].replace("\\\n", " ")  # join continued lines
    for line in section.splitlines():
        if ("model:reproduce" in line or "reproduce.sh" in line) and not line.lstrip().startswith("`"):
            m = re.search(r'FLAGS="([^"]*)"', line)
            if m:
                return shlex.split(m.group(1))
            if line.strip().startswith("npm run model:reproduce"):
                return ["--cam-bg-weight", "1.0"]  # reproduce.sh's default FLAGS
    return None


def test_every_cards_reproduce_command_trains_the_recipe_its_model_json_records():
    """The recipe's defaults move when a new model ships; each card's reproduce command must still
    name the flags that give its own model's recorded recipe."""
    import glob

    checked = []
    for card_path in sorted(glob.glob(os.path.join(REPO_ROOT, "models", "mrseq-v*", "MODEL_CARD.md"))):
        folder = os.path.dirname(card_path)
        recorded = json.load(open(os.path.join(folder, "model.json")))["training"].get("recipe")
        flags = _card_reproduce_flags(open(card_path).read())
        if recorded is None or flags is None:
            continue  # v1: trained before the shared recipe and reproduce.sh existed
        _assert_recipe_matches(recorded, _recipe_args(flags), os.path.basename(folder))
        checked.append(os.path.basename(folder))
    assert {"mrseq-v2", "mrseq-v3", "mrseq-v4", "mrseq-v5"} <= set(checked)
