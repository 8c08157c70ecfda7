"""InceptionV3 in Keras's layout (so the natural-image weights in nsfwjs load one to one), with the
same (logits, cam) contract as `CamMobileNetV2`: the last kept feature map goes through the linear
head as a 1x1 convolution and `logits = cam.mean((2, 3))`, so the CAM is Grad-CAM.

nsfwjs 4.4.0 ships a Keras 2.2.4 InceptionV3 (299 px) whose layers up to conv2d_55 (through
mixed5) are marked not trainable: Keras's ImageNet weights as they were; the layers after were
fine-tuned for nsfwjs's own task. So `cut="mixed5"` is an ImageNet network untouched by that task.

Cuts (the feature map at 160 px): "mixed2" (288 channels, 17x17, ~1.0 M parameters) and
"mixed5" (768 channels, 8x8, ~5.1 M parameters). Neither fits the product's latency budget; they
are here to measure what a larger natural-image network gives on this data (RESULTS.md).

Every convolution is Keras's `conv2d_bn`: Conv2D without bias, BatchNormalization without scale
(eps 1e-3), ReLU. The modules are registered in Keras's creation order, so the i-th `ConvBN` in
`model.modules()` is Keras's `conv2d_{i+1}` / `batch_normalization_{i+1}`.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CUTS = {"mixed2": 3, "mixed5": 6}          # number of mixed blocks kept
# Keras's BatchNormalization(scale=False) tensors -> PyTorch's (gamma stays 1)
BN_FIELDS = (("beta", "bias"), ("moving_mean", "running_mean"), ("moving_variance", "running_var"))
OUT_CHANNELS = {"mixed2": 288, "mixed5": 768}


def unit_keys(i: int) -> list:
    """The converted file's tensors (Keras names) of Keras's i-th conv2d_bn unit."""
    return [f"conv2d_{i}/kernel"] + [f"batch_normalization_{i}/{f}" for f, _ in BN_FIELDS]


class ConvBN(nn.Module):
    """Keras conv2d_bn: 'valid' pads nothing, 'same' (stride 1 only here) pads k//2 per side."""

    def __init__(self, cin, cout, kh, kw=None, stride=1, padding="same"):
        super().__init__()
        kw = kh if kw is None else kw
        pad = (kh // 2, kw // 2) if padding == "same" else (0, 0)
        if padding == "same" and stride != 1:
            raise ValueError("'same' with stride > 1 is not in InceptionV3")
        self.conv = nn.Conv2d(cin, cout, (kh, kw), stride, pad, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def _avg_same(x):
    return F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)       # TF 'same': padding not counted


class MixedA(nn.Module):
    """mixed0..2: 1x1 | 1x1-5x5 | 1x1-3x3-3x3 | avg-1x1."""

    def __init__(self, cin, pool):
        super().__init__()
        self.b1 = ConvBN(cin, 64, 1)
        self.b5 = nn.Sequential(ConvBN(cin, 48, 1), ConvBN(48, 64, 5))
        self.b3 = nn.Sequential(ConvBN(cin, 64, 1), ConvBN(64, 96, 3), ConvBN(96, 96, 3))
        self.bp = ConvBN(cin, pool, 1)

    def forward(self, x):
        return torch.cat([self.b1(x), self.b5(x), self.b3(x), self.bp(_avg_same(x))], 1)


class MixedB(nn.Module):
    """mixed3 (the stride-2 reduction): 3x3/2 | 1x1-3x3-3x3/2 | max-pool/2."""

    def __init__(self, cin):
        super().__init__()
        self.b3 = ConvBN(cin, 384, 3, stride=2, padding="valid")
        self.bd = nn.Sequential(ConvBN(cin, 64, 1), ConvBN(64, 96, 3),
                                ConvBN(96, 96, 3, stride=2, padding="valid"))

    def forward(self, x):
        return torch.cat([self.b3(x), self.bd(x), F.max_pool2d(x, 3, 2)], 1)


class MixedC(nn.Module):
    """mixed4..7: 1x1 | 1x1-1x7-7x1 | 1x1-7x1-1x7-7x1-1x7 | avg-1x1 (c = 128, 160, 160, 192)."""

    def __init__(self, cin, c):
        super().__init__()
        self.b1 = ConvBN(cin, 192, 1)
        self.b7 = nn.Sequential(ConvBN(cin, c, 1), ConvBN(c, c, 1, 7), ConvBN(c, 192, 7, 1))
        self.bd = nn.Sequential(ConvBN(cin, c, 1), ConvBN(c, c, 7, 1), ConvBN(c, c, 1, 7),
                                ConvBN(c, c, 7, 1), ConvBN(c, 192, 1, 7))
        self.bp = ConvBN(cin, 192, 1)

    def forward(self, x):
        return torch.cat([self.b1(x), self.b7(x), self.bd(x), self.bp(_avg_same(x))], 1)


# mixed0 .. mixed7 as (block, its arguments)
MIXED = [(MixedA, 192, 32), (MixedA, 256, 64), (MixedA, 288, 64), (MixedB, 288),
         (MixedC, 768, 128), (MixedC, 768, 160), (MixedC, 768, 160), (MixedC, 768, 192)]


class CamInceptionV3(nn.Module):
    def __init__(self, num_classes: int, in_channels: int = 1, cut: str = "mixed5",
                 dropout: float = 0.0):
        super().__init__()
        if cut not in CUTS:
            raise ValueError(f"unknown cut {cut!r} for inceptionv3; choose one of {sorted(CUTS)}")
        self.config = dict(arch="inceptionv3", num_classes=num_classes, in_channels=in_channels,
                           cut=cut, dropout=dropout)
        self.stem = nn.Sequential(
            ConvBN(in_channels, 32, 3, stride=2, padding="valid"), ConvBN(32, 32, 3, padding="valid"),
            ConvBN(32, 64, 3), nn.MaxPool2d(3, 2),
            ConvBN(64, 80, 1, padding="valid"), ConvBN(80, 192, 3, padding="valid"), nn.MaxPool2d(3, 2))
        self.blocks = nn.Sequential(*[block(*a) for block, *a in MIXED[:CUTS[cut]]])
        self.features_dim = OUT_CHANNELS[cut]
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(self.features_dim, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
        nn.init.normal_(self.fc.weight, 0, 0.01)
        nn.init.zeros_(self.fc.bias)

    def features(self, x):
        return self.blocks(self.stem(x))

    def forward(self, x):
        f = self.dropout(self.features(x))
        cam = F.conv2d(f, self.fc.weight[:, :, None, None], self.fc.bias)
        return cam.mean(dim=(2, 3)), cam

    def conv_units(self) -> list:
        """(name, ConvBN) in Keras's creation order: the i-th is conv2d_{i+1}."""
        return [(n, m) for n, m in self.named_modules() if isinstance(m, ConvBN)]

    def pretrained_keys(self) -> list:
        """The converted file's tensors (Keras names) `load_pretrained` reads for this cut."""
        return [k for i in range(1, len(self.conv_units()) + 1) for k in unit_keys(i)]

    def load_pretrained(self, path: str) -> dict:
        """Load `pretrained.convert_inception` weights ({"conv2d_K/kernel": OIHW, "batch_normalization_K/
        beta|moving_mean|moving_variance"}). A 1-channel stem gets the sum of the RGB filters. Only
        the layers this cut keeps are read; the head (fc) stays as initialised."""
        z = np.load(path)
        lacking = [k for k in self.pretrained_keys() if k not in z.files]
        if lacking:
            raise ValueError(f"{path} lacks {len(lacking)} tensors that cut {self.config['cut']} "
                             f"reads, e.g. {lacking[:2]}")
        units = self.conv_units()
        sd = self.state_dict()
        for i, (name, _) in enumerate(units, start=1):
            w = torch.from_numpy(np.asarray(z[f"conv2d_{i}/kernel"], dtype=np.float32))
            key = f"{name}.conv.weight"
            if w.shape[1] != sd[key].shape[1] and sd[key].shape[1] == 1:
                w = w.sum(1, keepdim=True)
            if w.shape != sd[key].shape:
                raise ValueError(f"conv2d_{i} -> {key}: pretrained {tuple(w.shape)} vs model "
                                 f"{tuple(sd[key].shape)}")
            sd[key] = w
            for theirs, mine in BN_FIELDS:
                sd[f"{name}.bn.{mine}"] = torch.from_numpy(
                    np.asarray(z[f"batch_normalization_{i}/{theirs}"], dtype=np.float32))
            sd[f"{name}.bn.weight"] = torch.ones_like(sd[f"{name}.bn.weight"])
        self.load_state_dict(sd)
        return {"loaded_units": len(units), "file": path}


def inceptionv3(num_classes: int, in_channels: int = 1, cut: str = "mixed5",
                dropout: float = 0.0) -> CamInceptionV3:
    return CamInceptionV3(num_classes, in_channels, cut, dropout)
