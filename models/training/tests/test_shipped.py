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
