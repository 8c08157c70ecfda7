"""Numbers and figures of the model card (Grad-CAM in card_cam.py), computed from a leave-one-source-out result (with
out-of-fold logits and fold checkpoints), the exported model and the data inventory.

Each `block_*` returns markdown that `write_blocks` puts between `<!-- card:NAME -->` markers of
MODEL_CARD.md, so the hand-written text around them survives a regeneration."""
from __future__ import annotations

import json
import os
import re
import subprocess
from collections import defaultdict

import numpy as np

from . import figures
from . import metrics as M
from .labels import LABEL_INDEX, MODEL_LABELS
from .loso import loso_table
from .metrics import fmt
from .preprocess import window_batch
from .trainer import series_inputs


# ---------------------------------------------------------------- data


def block_data(series: list, inventory: list) -> str:
    """Series (slices) per label and source, with sites and licences from the inventory."""
    rows = {r["file"]: r for r in inventory}
    by_src: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for s in series:
        c = by_src[s.source][s.label]
        c[0] += 1
        c[1] += len(s.slices)
    sites, lic = defaultdict(set), defaultdict(set)
    for r in inventory:
        sites[r["source"]].add(r.get("site_or_vendor", "").split(",")[0].strip() or "?")
        lic[r["source"]].add((r.get("license") or "?").strip())
    head = "| source | sites / vendors | licence | " + " | ".join(MODEL_LABELS) + " |"
    out = [head, "|" + "---|" * (3 + len(MODEL_LABELS))]
    tot = defaultdict(lambda: [0, 0])
    for src in sorted(by_src):
        cells = []
        for lab in MODEL_LABELS:
            n, k = by_src[src][lab]
            tot[lab][0] += n
            tot[lab][1] += k
            cells.append(f"{n} ({k})" if n else "")
        site = "; ".join(sorted(sites[src]))[:70]
        out.append(f"| {src.replace('github:', '')} | {site} | {'; '.join(sorted(lic[src]))[:60]} | "
                   + " | ".join(cells) + " |")
    out.append("| **all** | | | " + " | ".join(f"**{tot[l][0]} ({tot[l][1]})**" for l in MODEL_LABELS)
               + " |")
    n_sites = len({r.get("site_or_vendor", "") for r in inventory})
    out += ["", f"{len(series)} series / {sum(len(s.slices) for s in series)} slices from "
            f"{len(by_src)} sources and {n_sites} distinct site/vendor entries "
            f"({len(rows)} inventory rows). Cells: series (slices)."]
    derived = [s for s in series if s.file.startswith("derived-adc:")]
    if derived:
        out.append(f"{len(derived)} of the ADC series are maps derived here from a b0 and a "
                   "diffusion-weighted image of the same acquisition (`mrseq_train/derived.py`), "
                   f"from {len({s.source for s in derived})} sources.")
    return "\n".join(out)


# ---------------------------------------------------------------- leave-one-source-out


def block_loso(res: dict) -> str:
    p = res["pooled"]
    out = [loso_table(res)]
    out += ["", "Pooled slice recall: " + ", ".join(f"{k} {fmt(v, 2)}" for k, v in
                                                   p["slice_recall"].items()),
            "", f"Whole leave-one-source-out command: {res.get('wall_s', '?')} s wall."]
    return "\n".join(out)


def confusion_figures(res: dict, out_dir: str) -> str:
    p = res["pooled"]
    figures.confusion_png(os.path.join(out_dir, "loso_confusion_slices.png"), p["slice_confusion"],
                          MODEL_LABELS, "Leave-one-source-out, slices (held-out sources pooled)")
    figures.confusion_png(os.path.join(out_dir, "loso_confusion_series.png"),
                          p["series_confusion"], MODEL_LABELS,
                          "Leave-one-source-out, series (mean of slice probabilities)")
    return ("![slice confusion](card/loso_confusion_slices.png) "
            "![series confusion](card/loso_confusion_series.png)")


def block_routing(res: dict) -> str:
    """Held-out series predictions per inventory label (B0, PD, MRA, DWI_4D shells ...): how
    the diffusion family and the OTHER members are routed."""
    tab: dict = defaultdict(lambda: defaultdict(int))
    for r in res["series"]:
        tab[r["data_label"]][r["pred"]] += 1
    out = ["| inventory label | held-out series | " + " | ".join(MODEL_LABELS) + " |",
           "|---|---|" + "---|" * len(MODEL_LABELS)]
    for lab in sorted(tab):
        n = sum(tab[lab].values())
        out.append(f"| {lab} | {n} | " + " | ".join(str(tab[lab][m] or "") for m in MODEL_LABELS)
                   + " |")
    return "\n".join(out)


# ---------------------------------------------------------------- calibration


def decide(logits: np.ndarray, temperature: float, threshold: float, agreement: float):
    """(label index, unknown) as extension/src/core/aggregate.ts decideSeries decides a series."""
    p = M.softmax(logits, temperature)
    mean = p.mean(0)
    best = int(mean.argmax())
    agree = float(np.mean(p.argmax(1) == best))
    return best, bool(mean[best] < threshold or agree < agreement)


def decision_table(res: dict, temperature: float, threshold: float, agreement: float) -> str:
    """Per true label: held-out series right / unknown (left out of the layout) / wrong."""
    tab = defaultdict(lambda: [0, 0, 0])
    multi = [r for r in res["series"] if len(r["logits"]) >= 2]   # the product needs >= 2 slices
    for r in multi:
        best, unk = decide(np.asarray(r["logits"]), temperature, threshold, agreement)
        tab[r["label"]][1 if unk else (0 if MODEL_LABELS[best] == r["label"] else 2)] += 1
    out = ["| true label | held-out series (>= 2 slices) | right | unknown | wrong |",
           "|---|---|---|---|---|"]
    for lab in MODEL_LABELS:
        if lab in tab:
            a, u, w = tab[lab]
            out.append(f"| {lab} | {a + u + w} | {a} | {u} | {w} |")
    a, u, w = (sum(v[i] for v in tab.values()) for i in range(3))
    out.append(f"| **all** | {a + u + w} | {a} | {u} | {w} |")
    return "\n".join(out)


def block_calibration(res: dict, temperature: float, threshold: float, out_dir: str,
                      agreement: float = 0.5) -> str:
    rows = res["series"]
    lg = np.concatenate([np.asarray(r["logits"]) for r in rows])
    y = np.concatenate([[LABEL_INDEX[r["label"]]] * len(r["logits"]) for r in rows])
    p1, pt = M.softmax(lg, 1.0), M.softmax(lg, temperature)
    figures.reliability_png(os.path.join(out_dir, "loso_reliability.png"),
                            {"T = 1": M.reliability(p1, y), f"T = {temperature:.3f}": M.reliability(pt, y)},
                            "Reliability of the top-class probability, held-out slices")
    keep = pt.max(1) >= threshold
    acc_kept = float(np.mean(pt.argmax(1)[keep] == y[keep])) if keep.any() else float("nan")
    return "\n".join([
        "| | T = 1 | T = %.3f (shipped) |" % temperature, "|---|---|---|",
        f"| NLL, held-out slices | {fmt(M.nll(lg, y, 1.0))} | {fmt(M.nll(lg, y, temperature))} |",
        f"| ECE (10 bins) | {fmt(M.ece(p1, y))} | {fmt(M.ece(pt, y))} |",
        f"| slice accuracy | {fmt(float(np.mean(p1.argmax(1) == y)))} | (same) |",
        "",
        f"Unknown threshold {threshold:.3f}: {keep.mean():.1%} of held-out slices pass it; "
        f"accuracy on those {fmt(acc_kept)} (all slices {fmt(float(np.mean(pt.argmax(1) == y)))}).",
        "", "![reliability](card/loso_reliability.png)", "",
        f"What the viewer would do with each held-out series (shipped temperature, unknown "
        f"threshold {threshold:.3f}, slice agreement {agreement:.2f}; single-slice sets such as "
        "the figshare JPEGs are left out because the product needs two slices):", "",
        decision_table(res, temperature, threshold, agreement)])


# ---------------------------------------------------------------- size, latency, training


def node_latency(repo_root: str, model_dir: str, threads: int = 1) -> dict:
    out = subprocess.check_output(["node", "--import", "tsx", "scripts/bench/nodeBench.ts",
                                   model_dir, str(threads)], cwd=repo_root, text=True)
    return json.loads(out.strip().split("\n")[-1])


def block_runtime(model_dir: str, meta: dict, lat: dict | None) -> str:
    size = os.path.getsize(os.path.join(model_dir, meta["onnx"]["file"]))
    t = meta.get("training", {})
    out = ["| measure | value |", "|---|---|",
           f"| ONNX file | {size:,} bytes ({size / 1e6:.2f} MB) |",
           f"| training command wall time (this 2-core CPU) | {t.get('wall_time_s', '?')} s "
           f"({t.get('steps_done', '?')} steps) |"]
    if lat:
        out += [f"| onnxruntime-node, 1 thread, model only, batch 1 | {lat['msPerSliceBatch1']:.2f} ms/slice |",
                f"| onnxruntime-node, 1 thread, batch 8 | {lat['msPerSliceBatch8']:.2f} ms/slice |",
                f"| core path (256² slice -> preprocessing + model + CAM), 1 thread | "
                f"{lat['msPerSliceCorePath']:.2f} ms/slice |",
                f"| session cold start | {lat['coldStartMs']:.0f} ms |"]
    return "\n".join(out)


# ---------------------------------------------------------------- product path vs Python


def python_series_decisions(series: list, session, meta: dict) -> dict:
    """series_id -> (label, unknown) of the exported ONNX model, decided as the viewer does."""
    norm, dec = meta["normalization"], meta["decision"]
    pct = tuple(meta.get("preprocessing", {}).get("percentiles", (1, 99)))
    T = meta["calibration"]["temperature"]
    out = {}
    for s in series:
        x = window_batch(series_inputs(s, dec.get("slices_per_series", 12)), pct, norm["mean"], norm["std"])
        lg = session.run(["logits"], {session.get_inputs()[0].name: x[:, None]})[0]
        best, unk = decide(lg, T, dec["unknown_threshold"], dec["min_slice_agreement"])
        out[s.series_id] = (MODEL_LABELS[best], unk)
    return out


def _b_of(tag: str) -> float:
    m = re.fullmatch(r"b(\d+)", tag or "")
    return float(m.group(1)) if m else -1.0


def block_product(repo_root: str, data_dir: str, model_dir: str, series: list, session,
                  meta: dict, tmp_json: str) -> str:
    """`mrseq classify --no-metadata` (TypeScript: its own slice selection, preprocessing and
    decision) against the Python evaluation path, series by series, with the same model."""
    rc = subprocess.call(["node", "cli/bin/mrseq.js", "classify", data_dir, "--no-metadata",
                          "--format", "json", "--no-progress", "--model", model_dir, "-o", tmp_json],
                         cwd=repo_root, stdout=subprocess.DEVNULL)
    if rc not in (0, 1):                   # 1 = finished, some files unreadable (listed in the JSON)
        raise RuntimeError(f"mrseq classify exited with {rc}")
    with open(tmp_json) as f:
        ts = json.load(f)
    by_file: dict = defaultdict(list)
    for s in series:
        by_file[s.file].append(s)
    py = python_series_decisions(series, session, meta)
    data_abs = os.path.abspath(data_dir)
    same = diff = unmatched = 0
    examples = []
    for t in ts["series"]:
        if not t.get("image"):
            unmatched += 1
            continue
        src = os.path.relpath(os.path.abspath(os.path.join(repo_root, t["sources"][0])), data_abs)
        cand = [s for f, ss in by_file.items() for s in ss if src == f or src.startswith(f + "/")]
        if len(cand) > 1:                      # 4D diffusion: the viewer classifies the highest b
            dwi = sorted((s for s in cand if s.label == "DWI"), key=lambda s: -_b_of(s.tag))
            cand = dwi[:1] or cand[:1]
        if not cand:
            unmatched += 1
            continue
        p_lab, p_unk = py[cand[0].series_id]
        t_lab, t_unk = t["image"]["label"], bool(t["image"]["unknown"])
        if (p_lab, p_unk) == (t_lab, t_unk):
            same += 1
        else:
            diff += 1
            if len(examples) < 8:
                examples.append(f"| {cand[0].series_id[-60:]} | {cand[0].label} | "
                                f"{p_lab}{' (unknown)' if p_unk else ''} | "
                                f"{t_lab}{' (unknown)' if t_unk else ''} |")
    n = same + diff
    out = [f"Same model, same series: the Python evaluation path and `mrseq classify --no-metadata` "
           f"give the same decision (label and unknown flag) on **{same} of {n}** series "
           f"({same / max(n, 1):.1%}); {unmatched} series of the CLI output had no inventory match or "
           "no image decision."]
    if examples:
        out += ["", "| series | true | Python | mrseq classify |", "|---|---|---|---|", *examples]
    return "\n".join(out)


# ---------------------------------------------------------------- markdown blocks


def write_blocks(path: str, blocks: dict, skeleton: str = "") -> None:
    text = open(path).read() if os.path.exists(path) else skeleton
    for name, body in blocks.items():
        pat = re.compile(rf"(<!-- card:{name} -->\n).*?(<!-- /card:{name} -->)", re.S)
        if not pat.search(text):
            text += f"\n<!-- card:{name} -->\n<!-- /card:{name} -->\n"
        text = pat.sub(lambda m: m.group(1) + body.rstrip() + "\n" + m.group(2), text)
    with open(path, "w") as f:
        f.write(text)

