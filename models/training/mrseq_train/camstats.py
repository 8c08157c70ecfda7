"""Where a class-activation map lies: CAM at image resolution and its share on the head (used by
the model card and by every leave-one-source-out run), and the training loss's differentiable
counterpart, the share off the head (`cam_background_share`, for `--cam-bg-weight`)."""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


@torch.no_grad()
def torch_cam(model, x: np.ndarray, size: int):
    """(logits, CAM upsampled to size x size) on the device the model is on, returned as numpy."""
    dev = next(model.parameters()).device
    logits, cam = model(torch.from_numpy(x)[:, None].to(dev))
    up = F.interpolate(cam, size=(size, size), mode="bilinear", align_corners=False)
    return logits.cpu().numpy(), up.cpu().numpy()


def onnx_cam(session, x: np.ndarray, size: int):
    logits, cam = session.run(["logits", "cam"], {session.get_inputs()[0].name: x[:, None]})
    up = F.interpolate(torch.from_numpy(cam), size=(size, size), mode="bilinear", align_corners=False)
    return logits, up.numpy()


def cam_shares(raw: np.ndarray, cam: np.ndarray) -> tuple:
    """(share of positive CAM mass on the head, share of the head's CAM mass on its brightest
    tenth of pixels, head area share); uniform attention gives the area share and 0.10."""
    lo, hi = np.percentile(raw, [1, 99])
    g = np.clip((raw - lo) / max(hi - lo, 1e-6), 0, 1)
    head = g > 0.1
    c = np.maximum(cam, 0)
    tot = c.sum()
    if tot <= 0 or not head.any():
        return float("nan"), float("nan"), float("nan")
    bright = head & (g >= np.quantile(g[head], 0.9))
    return (float(c[head].sum() / tot), float(c[bright].sum() / max(c[head].sum(), 1e-12)),
            float(head.mean()))


def cam_background_share(cam: torch.Tensor, y: torch.Tensor, x01: torch.Tensor) -> torch.Tensor:
    """[N] share of the true class's positive CAM mass that lies off the head. The head is where
    the windowed input (step 4, in [0, 1]) exceeds 0.1 -- the model card's definition -- pooled
    to the CAM grid as the head fraction of each cell."""
    head = F.adaptive_avg_pool2d((x01 > 0.1).float(), cam.shape[-2:])[:, 0]
    c = F.relu(cam[torch.arange(len(y), device=cam.device), y])
    return (c * (1.0 - head)).sum((1, 2)) / (c.sum((1, 2)) + 1e-6)
