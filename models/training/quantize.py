"""Quantize a shipped model to int8 (static, QDQ, per-channel weights) for the browser's WASM
backend, and measure what it costs: agreement with the float32 model on slices of subjects the
quantization never saw, probability and CAM differences, and per-slice time in onnxruntime.

Usage (repo root):
  .venv/bin/python models/training/quantize.py [--model models/NAME] [--out .cache/int8/NAME]
(default: the model named in models/DEFAULT_MODEL, written to .cache/int8/<its name>)
Writes OUT/model.int8.onnx, OUT/model.json (the model's own, pointing at the int8 file, with a
"quantization" block) and OUT/quantize.json (the measurements). Calibration and evaluation slices
come from ../shared/data split by subject (half each), never by slice.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mrseq_train.data import DEFAULT_CACHE, DEFAULT_DATA, load_dataset  # noqa: E402
from mrseq_train.export import ort_session, sha256_file  # noqa: E402
from mrseq_train.labels import MODEL_LABELS  # noqa: E402
from mrseq_train.metrics import softmax  # noqa: E402
from mrseq_train.preprocess import FILL_OF_VERSION, window_only  # noqa: E402
from mrseq_train.shipped import default_model_name  # noqa: E402


def split_subjects(series, seed: int):
    """Series -> (calibration, evaluation) halves by subject."""
    subjects = sorted({s.subject for s in series})
    rng = np.random.default_rng(seed)
    rng.shuffle(subjects)
    calib = set(subjects[: len(subjects) // 2])
    return [s for s in series if s.subject in calib], [s for s in series if s.subject not in calib]


def pick_slices(series, per_class: int, seed: int, mean: float, std: float, pct):
    """Up to `per_class` slices of each model label (at most 3 per series), model-ready [1,1,S,S]."""
    rng = np.random.default_rng(seed)
    out, labels = [], []
    for li, label in enumerate(MODEL_LABELS):
        pool = [s for s in series if s.label == label]
        rng.shuffle(pool)
        got = 0
        for s in pool:
            for k in rng.permutation(len(s.slices))[:3]:
                x = window_only(s.slices[k], tuple(pct), mean, std)
                out.append(np.asarray(x, np.float32)[None, None])
                labels.append(li)
                got += 1
                if got >= per_class:
                    break
            if got >= per_class:
                break
    return out, np.array(labels)


def run_all(sess, xs, input_name: str):
    logits, cams = [], []
    for x in xs:
        lo, cam = sess.run(None, {input_name: x})
        logits.append(lo[0])
        cams.append(cam[0])
    return np.stack(logits), np.stack(cams)


def per_slice_ms(sess, x, input_name: str, runs: int) -> float:
    for _ in range(20):
        sess.run(None, {input_name: x})
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sess.run(None, {input_name: x})
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=f"models/{default_model_name()}")
    ap.add_argument("--out", default=None, help="default: .cache/int8/<the model folder's name>")
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--calib-per-class", type=int, default=40)
    ap.add_argument("--eval-per-class", type=int, default=120)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--method", default="percentile", choices=["minmax", "percentile", "entropy"],
                    help="activation range calibration")
    ap.add_argument("--keep-float", default="stem,head",
                    help="layers left in float32: stem (the first convolution), head (the class/CAM "
                         "convolution), or none")
    ap.add_argument("--timing-runs", type=int, default=200, help="0: no timing")
    args = ap.parse_args(argv)

    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)

    if args.out is None:
        args.out = os.path.join(".cache", "int8", os.path.basename(os.path.normpath(args.model)))
    meta = json.load(open(os.path.join(args.model, "model.json")))
    fp32 = os.path.join(args.model, meta["onnx"]["file"])
    size, name = meta["input"]["size"], meta["input"]["name"]
    mean, std = meta["normalization"]["mean"], meta["normalization"]["std"]
    pct = meta["preprocessing"]["percentiles"]
    fill = "border" if meta["preprocessing"]["version"] == "mrseq-prep-2" else "min"
    assert FILL_OF_VERSION[meta["preprocessing"]["version"]] == fill
    series = load_dataset(args.data, size, args.cache, fill=fill, log=lambda *a: None)
    calib_series, eval_series = split_subjects(series, args.seed)
    calib, _ = pick_slices(calib_series, args.calib_per_class, args.seed, mean, std, pct)
    evalx, evaly = pick_slices(eval_series, args.eval_per_class, args.seed + 1, mean, std, pct)

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(calib)

        def get_next(self):
            x = next(self.it, None)
            return None if x is None else {name: x}

    os.makedirs(args.out, exist_ok=True)
    int8 = os.path.join(args.out, "model.int8.onnx")
    t0 = time.time()
    convs = [n.name for n in onnx.load(fp32).graph.node if n.op_type == "Conv"]
    keep = {k.strip() for k in args.keep_float.split(",") if k.strip() and k.strip() != "none"}
    exclude = ([convs[0]] if "stem" in keep else []) + ([convs[-1]] if "head" in keep else [])
    method = {"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
              "entropy": CalibrationMethod.Entropy}[args.method]
    quantize_static(fp32, int8, Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    op_types_to_quantize=["Conv", "Gemm", "MatMul"], nodes_to_exclude=exclude,
                    calibrate_method=method)
    quant_s = time.time() - t0

    s32, s8 = ort_session(fp32, threads=1), ort_session(int8, threads=1)
    l32, c32 = run_all(s32, evalx, name)
    l8, c8 = run_all(s8, evalx, name)
    t = meta["calibration"]["temperature"]
    p32, p8 = softmax(l32, t), softmax(l8, t)
    a32, a8 = p32.argmax(1), p8.argmax(1)
    cam_r = [float(np.corrcoef(c32[i][a32[i]].ravel(), c8[i][a32[i]].ravel())[0, 1])
             for i in range(len(evalx)) if c32[i][a32[i]].std() > 0 and c8[i][a32[i]].std() > 0]
    result = {
        "model": args.model,
        "command": "python models/training/quantize.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "calibration_slices": len(calib),
        "calibration_subjects": len({s.subject for s in calib_series}),
        "evaluation_slices": len(evalx),
        "evaluation_subjects": len({s.subject for s in eval_series}),
        "quantize_s": round(quant_s, 1),
        "method": args.method,
        "kept_float": exclude,
        "argmax_agreement": float((a32 == a8).mean()),
        "accuracy_fp32": float((a32 == evaly).mean()),
        "accuracy_int8": float((a8 == evaly).mean()),
        "prob_abs_diff_mean": float(np.abs(p32 - p8).mean()),
        "prob_abs_diff_max": float(np.abs(p32 - p8).max()),
        "top_prob_abs_diff_p95": float(np.percentile(np.abs(p32.max(1) - p8[np.arange(len(a32)), a32]), 95)),
        "cam_correlation_median": float(np.median(cam_r)) if cam_r else None,
        "cam_correlation_p5": float(np.percentile(cam_r, 5)) if cam_r else None,
        "bytes_fp32": os.path.getsize(fp32),
        "bytes_int8": os.path.getsize(int8),
        "disagreements": {f"{MODEL_LABELS[a]}->{MODEL_LABELS[b]}": int(((a32 == a) & (a8 == b)).sum())
                          for a in range(len(MODEL_LABELS)) for b in range(len(MODEL_LABELS))
                          if a != b and ((a32 == a) & (a8 == b)).any()},
    }
    if args.timing_runs:
        x = evalx[0]
        result["onnxruntime_ms_per_slice_1_thread"] = {
            "fp32": round(per_slice_ms(s32, x, name, args.timing_runs), 3),
            "int8": round(per_slice_ms(s8, x, name, args.timing_runs), 3)}
    out_meta = dict(meta)
    out_meta["onnx"] = {**meta["onnx"], "file": "model.int8.onnx", "sha256": sha256_file(int8),
                        "bytes": os.path.getsize(int8)}
    out_meta["quantization"] = {"format": "QDQ", "weights": "int8 per-channel", "activations": "uint8",
                                "method": args.method, "kept_float": exclude,
                                "from": {"file": meta["onnx"]["file"], "sha256": meta["onnx"]["sha256"]},
                                "calibration_slices": len(calib), "argmax_agreement": result["argmax_agreement"]}
    json.dump(out_meta, open(os.path.join(args.out, "model.json"), "w"), indent=2)
    json.dump(result, open(os.path.join(args.out, "quantize.json"), "w"), indent=2)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
