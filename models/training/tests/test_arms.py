"""arms.py: several evaluate.py arms inside a time budget, results kept as each one ends."""
import json
import os
import tarfile

import arms


def fake_result(name):
    g = {"slice_balanced_acc": 0.5, "slice_balanced_acc_core4": 0.6, "series_acc": 0.7,
         "series_acc_core4": 0.8, "series_balanced_acc": 0.4, "cam_head_mass": 0.9}
    return {"pooled": dict(g), "per_group": {"grp": dict(g)}, "name": name}


def test_arms_run_in_order_write_a_summary_and_skip_what_does_not_fit(tmp_path, monkeypatch):
    calls, clock = [], [0.0]

    def fake_main(argv):
        name = argv[argv.index("--name") + 1]
        calls.append(argv)
        clock[0] += 100.0                          # every arm "takes" 100 s
        with open(tmp_path / f"{name}.json", "w") as f:
            json.dump(fake_result(name), f)
        return fake_result(name)
    monkeypatch.setattr(arms.evaluate, "main", fake_main)
    monkeypatch.setattr(arms.evaluate, "LOSO_DIR", str(tmp_path))
    monkeypatch.setattr(arms.time, "time", lambda: clock[0])
    out = tmp_path / "out"
    arms.main(["--budget", "250", "--first-arm-s", "50", "--out", str(out),
               "--common", "--steps 5 --only grp", "--arm", "a=--arch resnet18",
               "--arm", "b=--init scratch", "--arm", "c=--seed 1"])
    assert [c[-1] for c in calls] == ["a", "b"]    # 50 s left after two: c does not fit
    assert calls[0] == ["--steps", "5", "--only", "grp", "--arch", "resnet18", "--name", "a"]
    lines = [json.loads(x) for x in open(out / "summary.jsonl")]
    assert [x["arm"] for x in lines] == ["a", "b"] and lines[0]["wall_s"] == 100.0
    assert lines[0]["pooled"]["series_acc"] == 0.7 and lines[0]["per_group"]["grp"]["cam_head_mass"] == 0.9
    with tarfile.open(out / "arms.tar.gz") as t:
        assert sorted(t.getnames()) == ["a.json", "b.json"]
