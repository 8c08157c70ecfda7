"""Out-of-fold calibration, the series decision mirror, and the model-card generator on fake data."""
import json
import os
import re
import sys

import numpy as np
import torch
import pytest
from PIL import Image

from fake_data import build_fake_data
from mrseq_train import card as C
from mrseq_train.card_cam import cam_shares
from mrseq_train import metrics as M
from mrseq_train.data import load_dataset
from mrseq_train.export import export_all
from mrseq_train.labels import MODEL_LABELS
from mrseq_train.loso import run_loso
from mrseq_train.trainer import calibrate_from_preds, load_out_of_fold, train

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_ece_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident():
    y = np.array([0] * 8 + [1] * 2)
    calibrated = np.tile([0.8, 0.2], (10, 1))           # 80% confident, 80% right
    assert M.ece(calibrated, y) == pytest.approx(0.0, abs=1e-9)
    over = np.tile([0.99, 0.01], (10, 1))
    assert M.ece(over, y) == pytest.approx(0.19, abs=1e-6)
    rel = M.reliability(over, y)
    assert sum(b[2] for b in rel) == 10 and rel[-1][4] == pytest.approx(0.8)


def test_decide_mirrors_the_viewer_rules():
    strong = np.log(np.tile([0.9, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01], (4, 1)))
    assert C.decide(strong, 1.0, 0.5, 0.5) == (0, False)
    weak = np.log(np.tile([0.3, 0.25, 0.15, 0.1, 0.1, 0.05, 0.05], (4, 1)))
    assert C.decide(weak, 1.0, 0.5, 0.5) == (0, True)             # below the threshold
    split = np.log(np.array([[0.98, 0.01, 0.002, 0.002, 0.002, 0.002, 0.002],
                             [0.98, 0.01, 0.002, 0.002, 0.002, 0.002, 0.002],
                             [0.45, 0.54, 0.002, 0.002, 0.002, 0.002, 0.004],
                             [0.45, 0.54, 0.002, 0.002, 0.002, 0.002, 0.004],
                             [0.45, 0.54, 0.002, 0.002, 0.002, 0.002, 0.004]]))
    best, unknown = C.decide(split, 1.0, 0.5, 0.5)
    assert best == 0 and unknown                                   # mean 0.66 but only 2/5 slices agree


def test_write_blocks_replaces_only_marked_text(tmp_path):
    p = tmp_path / "CARD.md"
    p.write_text("# Card\nprose before\n<!-- card:a -->\nold\n<!-- /card:a -->\nprose after\n")
    C.write_blocks(str(p), {"a": "new table", "b": "added"})
    text = p.read_text()
    assert "prose before" in text and "prose after" in text and "old" not in text
    assert "<!-- card:a -->\nnew table\n<!-- /card:a -->" in text
    assert "<!-- card:b -->\nadded\n<!-- /card:b -->" in text
    C.write_blocks(str(p), {"a": "again"})
    assert p.read_text().count("<!-- card:a -->") == 1 and "again" in p.read_text()


@pytest.fixture(scope="module")
def loso_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("card")
    build_fake_data(str(root))
    series = load_dataset(str(root), size=32, cache_dir=str(root / "cache"), n_acq=5, n_other=2,
                          log=lambda m: None)
    fold_dir = root / "loso" / "run"
    res = run_loso(series, dict(widths=(4, 8, 8, 8), size=32, steps=3, batch=4),
                   log=lambda m: None, save_dir=str(fold_dir))
    path = root / "loso" / "run.json"
    path.write_text(json.dumps(res))
    return root, series, res, path


def test_out_of_fold_logits_round_trip_into_calibration(loso_run):
    _, series, res, path = loso_run
    oof = load_out_of_fold(str(path))
    assert len(oof) == res["pooled"]["n_series"]
    assert sum(len(lg) for _, lg in oof) == res["pooled"]["n_slices"]
    assert {h.label for h, _ in oof} <= set(MODEL_LABELS)
    temp, thr, summ = calibrate_from_preds(oof)
    assert temp > 0 and 0.3 <= thr <= 0.8
    assert summ["slice_confusion"] == res["pooled"]["slice_confusion"]   # same logits, same argmax
    assert summ["nll_T"] <= summ["nll_T1"] + 1e-9                        # the fit never hurts NLL


def test_out_of_fold_file_without_logits_is_refused(tmp_path):
    p = tmp_path / "old.json"
    p.write_text(json.dumps({"series": [{"series": "a", "label": "T1", "pred": "T1"}]}))
    with pytest.raises(ValueError, match="no per-series logits"):
        load_out_of_fold(str(p))


def test_card_is_generated_from_the_run(loso_run, tmp_path):
    root, series, res, path = loso_run
    model, info = train(series, [], widths=(4, 8, 8, 8), size=32, steps=2, batch=4,
                        log=lambda m: None)
    temp, thr, _ = calibrate_from_preds(load_out_of_fold(str(path)))
    out = tmp_path / "model"
    export_all(model, str(out), "fake", MODEL_LABELS, 32, info["mean"], info["std"], temp, thr,
               0.5, {"wall_time_s": 1.0, "steps_done": 2}, verbose=False)
    (out / "MODEL_CARD.md").write_text("# fake\nhand-written intro\n")
    sys.path.insert(0, HERE)
    import card as card_cli
    node_ready = os.path.exists(os.path.join(HERE, "..", "..", "node_modules", "tsx"))
    card_cli.main(["--loso", str(path), "--model", str(out), "--data", str(root),
                   "--cache", str(root / "cache"), "--no-latency"]
                  + ([] if node_ready else ["--no-product-check"]))
    text = (out / "MODEL_CARD.md").read_text()
    assert text.startswith("# fake\nhand-written intro\n")
    for block in ("data", "loso", "confusion", "routing", "calibration", "gradcam", "runtime"):
        assert f"<!-- card:{block} -->" in text
    pooled = re.search(r"\| \*\*pooled\*\* \| (\d+) \| (\d+) \|", text)
    assert pooled and int(pooled.group(1)) == res["pooled"]["n_series"]
    assert f"**{res['pooled']['slice_balanced_acc']:.3f}**" in text
    cam = text[text.index("<!-- card:gradcam -->"):text.index("<!-- /card:gradcam -->")]
    assert re.search(r"\| (T1|T2|FLAIR|DWI|OTHER) \| \d+ \| \d\.\d\d \| \d\.\d\d \|", cam)  # fold models found
    for png in ("loso_confusion_slices", "loso_confusion_series", "loso_reliability",
                "gradcam_examples"):
        with Image.open(out / "card" / f"{png}.png") as im:
            assert im.size[0] > 100 and im.size[1] > 100
    if node_ready:                         # mrseq classify ran over the same fake data
        m = re.search(r"on \*\*(\d+) of (\d+)\*\* series .*?; (\d+) series of the CLI", text)
        files = {s.file for s in series if not s.file.startswith("derived-adc:")}  # no file: no CLI
        assert m and int(m.group(2)) >= len(files) - int(m.group(3)) > 0
    numbers = json.loads((out / "card" / "numbers.json").read_text())
    assert numbers["loso_pooled"]["n_series"] == res["pooled"]["n_series"]


def test_training_on_everything_requires_an_out_of_fold_calibration():
    sys.path.insert(0, HERE)
    import train as train_cli
    with pytest.raises(SystemExit) as e:
        train_cli.main(["--val-frac", "0", "--steps", "1"])
    assert e.value.code == 2


def test_saved_fold_models_re_evaluate_to_the_same_logits(loso_run):
    root, series, res, _ = loso_run
    fold_dir = str(root / "loso" / "run")
    again = run_loso(series, {}, log=lambda m: None, from_dir=fold_dir)
    before = {r["series"]: np.array(r["logits"]) for r in res["series"]}
    for r in again["series"]:
        np.testing.assert_allclose(np.array(r["logits"]), before[r["series"]], atol=2e-4)
    flipped = run_loso(series, {}, log=lambda m: None, from_dir=fold_dir,
                       predict_kw={"tta": "flip"})
    assert flipped["pooled"]["n_slices"] == res["pooled"]["n_slices"]
    diff = max(np.abs(np.array(r["logits"]) - before[r["series"]]).max() for r in flipped["series"])
    assert diff > 1e-4                     # the mirror changes the answer of an untrained model


def test_cam_shares_measure_where_the_map_lies():
    raw = np.zeros((32, 32))
    raw[8:24, 8:24] = 1.0                               # the "head": a quarter of the image
    raw[8:10, 8:24] = 5.0                               # its brightest tenth or so
    on_bright = np.zeros((32, 32))
    on_bright[8:10, 8:24] = 1.0
    head, bright, area = cam_shares(raw, on_bright)
    assert area == pytest.approx(0.25) and head == pytest.approx(1.0) and bright == pytest.approx(1.0)
    background = np.zeros((32, 32))
    background[:4, :] = 1.0
    assert cam_shares(raw, background)[0] == pytest.approx(0.0)


def test_a_saved_fold_records_its_size_and_exports_without_size(loso_run, tmp_path):
    import export as export_cli
    root = loso_run[0]
    fold = sorted((root / "loso" / "run").glob("*.pt"))[0]
    assert torch.load(fold, map_location="cpu", weights_only=False)["size"] == 32
    meta = export_cli.export_checkpoint(str(fold), str(tmp_path / "fold"), "fold")
    assert meta["input"]["size"] == 32 and meta["labels"] == MODEL_LABELS
    with pytest.raises(SystemExit, match="trained at 32 px, not --size 64"):
        export_cli.export_checkpoint(str(fold), str(tmp_path / "bad"), "fold", size=64)
