"""MobileNetV2 in Keras's block layout (so the natural-image weights from nsfwjs load one to one),
with the same (logits, cam) contract as `CamResNet`: the last feature map goes through the linear
head as a 1x1 convolution, `logits = cam.mean((2, 3))`, so the CAM is Grad-CAM for this network.

Variants (`cut`):
- "full": all 17 inverted-residual blocks + Conv_1 (1280 channels), stride 32: a 4x4 CAM at 128 px.
- "s16": the network cut after block_12 (the last stride-16 block), followed by block_13's
  pretrained 1x1 expansion (96 -> 576 channels, ReLU6) as the feature layer: stride 16, an 8x8 CAM
  at 128 px, ~0.56 M parameters. Conv1 .. block_10 are Keras's ImageNet weights (frozen in nsfwjs),
  block_11 .. block_13's expansion were fine-tuned by nsfwjs for its own task.
- "s16s": "s16" without block_11 and block_12 (the two residual 96-channel blocks, which nsfwjs
  fine-tuned): block_10's 96 channels go straight to block_13's expansion. Stride 16, the same
  CAM, 0.37 M parameters, about 18% less model time per slice (RESULTS.md, "a shorter graph").
- "s8": "s16" with block_6's stride removed and the depthwise convolutions after it dilated by 2
  (the DeepLab trick; the pretrained weights keep their meaning): stride 8, a 16x16 CAM at 128 px.
- "s8s": "s16s" with the same dilation: stride 8, a 20x20 CAM at 160 px, the s16s weights.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# (expansion t, output channels c, repeats n, first stride s), alpha 1.0
MBV2_SETTING = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                (6, 160, 3, 2), (6, 320, 1, 1)]
CUTS = {"full": 17, "s16": 13, "s16s": 11, "s8": 13, "s8s": 11}      # number of inverted-residual blocks kept


class ConvBN(nn.Module):
    """Conv (Keras padding: stride 2 pads right/bottom only), BatchNorm (eps 1e-3), ReLU6."""

    def __init__(self, cin, cout, k, stride=1, groups=1, act=True, dilation=1):
        super().__init__()
        self.pad = nn.ZeroPad2d((0, 1, 0, 1)) if stride == 2 else nn.Identity()
        pad = 0 if stride == 2 else dilation * (k // 2)
        self.conv = nn.Conv2d(cin, cout, k, stride, pad, dilation=dilation, groups=groups,
                              bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)
        self.act = nn.ReLU6(inplace=True) if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(self.pad(x))))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand, dilation=1):
        super().__init__()
        hid = cin * expand
        self.expand = ConvBN(cin, hid, 1) if expand != 1 else None
        self.dw = ConvBN(hid, hid, 3, stride, groups=hid, dilation=dilation)
        self.project = ConvBN(hid, cout, 1, act=False)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.expand(x) if self.expand is not None else x
        y = self.project(self.dw(y))
        return x + y if self.residual else y


def block_plan(cut: str) -> list:
    """[(cin, cout, stride, expand, dilation)] of the kept inverted-residual blocks."""
    plan, cin = [], 32
    for t, c, n, s in MBV2_SETTING:
        for i in range(n):
            plan.append([cin, c, s if i == 0 else 1, t, 1])
            cin = c
    plan = plan[:CUTS[cut]]
    if cut in ("s8", "s8s"):             # block_6 is the stride-2 entry of the 64-channel stage
        plan[6][2] = 1
        for p in plan[7:]:
            p[4] = 2
        plan[6][4] = 1
    return [tuple(p) for p in plan]


class CamMobileNetV2(nn.Module):
    def __init__(self, num_classes: int, in_channels: int = 1, cut: str = "s16",
                 dropout: float = 0.0):
        super().__init__()
        if cut not in CUTS:
            raise ValueError(f"unknown cut {cut!r}; choose one of {sorted(CUTS)}")
        self.config = dict(arch="mobilenetv2", num_classes=num_classes, in_channels=in_channels,
                           cut=cut, dropout=dropout)
        self.stem = ConvBN(in_channels, 32, 3, 2)
        self.blocks = nn.Sequential(*[InvertedResidual(ci, co, s, t, d)
                                      for ci, co, s, t, d in block_plan(cut)])
        cin = self.blocks[-1].project.conv.out_channels
        last = 1280 if cut == "full" else cin * 6      # Conv_1, or block_13's expansion
        self.last = ConvBN(cin, last, 1)
        self.features_dim = last
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(last, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        nn.init.normal_(self.fc.weight, 0, 0.01)
        nn.init.zeros_(self.fc.bias)

    @property
    def stride(self) -> int:
        return {"full": 32, "s16": 16, "s16s": 16, "s8": 8, "s8s": 8}[self.config["cut"]]

    def features(self, x):
        return self.last(self.blocks(self.stem(x)))

    def forward(self, x):
        f = self.dropout(self.features(x))
        cam = F.conv2d(f, self.fc.weight[:, :, None, None], self.fc.bias)
        return cam.mean(dim=(2, 3)), cam

    def pretrained_names(self, files) -> dict:
        """{this network's tensor: the converted file's tensor} for what `load_pretrained` reads: a
        cut network takes block_13's expansion as `last` and never reads the file's Conv_1."""
        names = {k: k for k in files}
        if self.config["cut"] != "full":
            names = {k.replace("blocks.13.expand.", "last."): k for k in files
                     if not k.startswith("last.")}
        sd = self.state_dict()
        return {mine: theirs for mine, theirs in names.items() if mine in sd}

    def load_pretrained(self, path: str) -> dict:
        """Load converted Keras MobileNetV2 weights (`pretrained.convert_nsfwjs` npz). A 1-channel
        stem gets the sum of the RGB filters (a grey image gives the 3-channel response); the cut
        variants take block_13's expansion for `last`. The head (fc) stays as initialised."""
        z = np.load(path)
        names = self.pretrained_names(z.files)
        sd = self.state_dict()
        n = 0
        for mine, theirs in names.items():
            v = torch.from_numpy(np.asarray(z[theirs], dtype=np.float32))
            if mine == "stem.conv.weight" and v.shape[1] != sd[mine].shape[1]:
                if sd[mine].shape[1] != 1:
                    raise ValueError(f"cannot map {tuple(v.shape)} to {tuple(sd[mine].shape)}")
                v = v.sum(1, keepdim=True)
            if v.shape != sd[mine].shape:
                raise ValueError(f"{mine}: pretrained {tuple(v.shape)} vs model {tuple(sd[mine].shape)}")
            sd[mine] = v
            n += 1
        missing = [k for k in sd if k not in names and not k.startswith("fc.")
                   and not k.endswith("num_batches_tracked")]
        if missing:
            raise ValueError(f"pretrained file lacks {len(missing)} tensors, e.g. {missing[:3]}")
        self.load_state_dict(sd)
        return {"loaded": n, "file": path}


def mobilenetv2(num_classes: int, in_channels: int = 1, cut: str = "s16",
                dropout: float = 0.0) -> CamMobileNetV2:
    return CamMobileNetV2(num_classes, in_channels, cut, dropout)
