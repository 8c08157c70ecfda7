"""PNG figures for the model card (Pillow only): confusion matrices, a reliability diagram and
Grad-CAM overlays."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def _font(size: int = 14):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:                       # Pillow without FreeType: fixed bitmap font
        return ImageFont.load_default()


def _blues(v: float) -> tuple:
    """White (0) to dark blue (1)."""
    v = float(np.clip(v, 0.0, 1.0))
    return (int(255 - 200 * v), int(255 - 160 * v), int(255 - 80 * v))


def jet(v: np.ndarray) -> np.ndarray:
    """Jet colour map, v in [0, 1] -> uint8 RGB."""
    v = np.clip(v, 0.0, 1.0)
    r = np.clip(1.5 - np.abs(4 * v - 3), 0, 1)
    g = np.clip(1.5 - np.abs(4 * v - 2), 0, 1)
    b = np.clip(1.5 - np.abs(4 * v - 1), 0, 1)
    return (np.stack([r, g, b], -1) * 255).astype(np.uint8)


def confusion_png(path: str, matrix, labels: list, title: str, cell: int = 58) -> None:
    """Rows = true label, columns = predicted; colour = row-normalised share, text = count."""
    m = np.asarray(matrix, np.int64)
    n = len(labels)
    left, top = 80, 70
    img = Image.new("RGB", (left + n * cell + 20, top + n * cell + 40), "white")
    d = ImageDraw.Draw(img)
    f, fs = _font(14), _font(12)
    d.text((10, 8), title, fill="black", font=f)
    d.text((left, top - 40), "predicted", fill="black", font=fs)
    d.text((6, top + n * cell + 10), "rows: true label", fill="black", font=fs)
    rows = m.sum(1, keepdims=True)
    share = np.divide(m, rows, out=np.zeros(m.shape, float), where=rows > 0)
    for j, lab in enumerate(labels):
        d.text((left + j * cell + 6, top - 20), lab, fill="black", font=fs)
    for i, lab in enumerate(labels):
        d.text((8, top + i * cell + cell // 2 - 7), f"{lab} ({rows[i, 0]})", fill="black", font=fs)
        for j in range(n):
            x0, y0 = left + j * cell, top + i * cell
            d.rectangle([x0, y0, x0 + cell - 1, y0 + cell - 1], fill=_blues(share[i, j]),
                        outline=(200, 200, 200))
            if m[i, j]:
                col = "white" if share[i, j] > 0.55 else "black"
                d.text((x0 + 8, y0 + cell // 2 - 7), str(m[i, j]), fill=col, font=f)
    img.save(path)


def reliability_png(path: str, curves: dict, title: str, size: int = 320) -> None:
    """curves: name -> [(lo, hi, count, mean confidence, accuracy)]; one bar chart per curve."""
    pad, gap = 40, 30
    names = list(curves)
    img = Image.new("RGB", (len(names) * (size + gap) + pad, size + 2 * pad + 30), "white")
    d = ImageDraw.Draw(img)
    f, fs = _font(14), _font(11)
    d.text((10, 6), title, fill="black", font=f)
    for k, name in enumerate(names):
        ox, oy = pad + k * (size + gap), pad + 10
        d.rectangle([ox, oy, ox + size, oy + size], outline="black")
        d.line([ox, oy + size, ox + size, oy], fill=(150, 150, 150), width=1)
        for lo, hi, n, conf, acc in curves[name]:
            if n == 0:
                continue
            x0, x1 = ox + lo * size, ox + hi * size
            d.rectangle([x0 + 2, oy + size - acc * size, x1 - 2, oy + size], fill=(90, 120, 200))
            d.line([x0 + 2, oy + size - conf * size, x1 - 2, oy + size - conf * size],
                   fill=(220, 60, 40), width=2)
        d.text((ox, oy + size + 4), f"{name}   (bars: accuracy, red: confidence)", fill="black", font=fs)
        d.text((ox - 30, oy - 2), "1.0", fill="black", font=fs)
        d.text((ox - 30, oy + size - 12), "0.0", fill="black", font=fs)
    img.save(path)


def cam_overlay(image: np.ndarray, cam: np.ndarray, alpha: float = 0.45) -> np.ndarray:
    """Grey image (any range) + CAM (same size, >= 0) -> RGB uint8 overlay."""
    lo, hi = np.percentile(image, [1, 99])
    g = np.clip((image - lo) / max(hi - lo, 1e-6), 0, 1)
    grey = np.repeat((g * 255)[..., None], 3, -1)
    c = cam / cam.max() if cam.max() > 0 else cam
    heat = jet(c).astype(float)
    a = alpha * np.clip(c * 1.5, 0, 1)[..., None]
    return (grey * (1 - a) + heat * a).astype(np.uint8)


def grid_png(path: str, rows: list, col_titles: list, title: str, tile: int = 160) -> None:
    """rows: [(row label, [RGB/grey arrays], [captions])]."""
    left, top, cap = 110, 50, 30
    ncol = len(col_titles)
    img = Image.new("RGB", (left + ncol * (tile + 8), top + len(rows) * (tile + cap)), "white")
    d = ImageDraw.Draw(img)
    f, fs = _font(14), _font(11)
    d.text((10, 6), title, fill="black", font=f)
    for j, t in enumerate(col_titles):
        d.text((left + j * (tile + 8), top - 20), t, fill="black", font=fs)
    for i, (lab, tiles, caps) in enumerate(rows):
        y = top + i * (tile + cap)
        d.text((8, y + tile // 2 - 8), lab, fill="black", font=f)
        for j, (arr, c) in enumerate(zip(tiles, caps)):
            a = np.asarray(arr)
            if a.ndim == 2:
                lo, hi = np.percentile(a, [1, 99])
                a = (np.clip((a - lo) / max(hi - lo, 1e-6), 0, 1) * 255).astype(np.uint8)
            im = Image.fromarray(a).resize((tile, tile), Image.BILINEAR)
            img.paste(im, (left + j * (tile + 8), y))
            d.text((left + j * (tile + 8), y + tile + 2), c, fill="black", font=fs)
    img.save(path)
