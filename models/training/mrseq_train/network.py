"""Networks (no torchvision here): ResNets trained from scratch and, in mobilenet.py and
inception.py, a MobileNetV2 and an InceptionV3 that can start from natural-image weights. Every
model returns (logits, cam).

`cam` is the final feature map passed through the linear head as a 1x1 convolution (weights plus
bias), shape [N, C, h, w]; `logits = cam.mean((2, 3))`, so the class-activation map equals
Grad-CAM for this architecture and the exported graph needs no gradient.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from .inception import CamInceptionV3, inceptionv3
from .mobilenet import CamMobileNetV2, mobilenetv2


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x):
        idt = x if self.downsample is None else self.downsample(x)
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + idt)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin: int, width: int, stride: int = 1):
        super().__init__()
        cout = width * 4
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x):
        idt = x if self.downsample is None else self.downsample(x)
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + idt)


class CamResNet(nn.Module):
    """ResNet layout (stem conv + max-pool, 4 stages, GAP, linear) with a CAM head."""

    def __init__(self, num_classes: int, widths=(16, 32, 64, 128), blocks=(1, 1, 1, 1),
                 in_channels: int = 1, block: str = "basic", stem_kernel: int = 7,
                 dropout: float = 0.0):
        super().__init__()
        blk = BasicBlock if block == "basic" else Bottleneck
        self.config = dict(num_classes=num_classes, widths=list(widths), blocks=list(blocks),
                           in_channels=in_channels, block=block, stem_kernel=stem_kernel,
                           dropout=dropout)
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, widths[0], stem_kernel, 2, stem_kernel // 2, bias=False),
            nn.BatchNorm2d(widths[0]), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1))
        layers, cin = [], widths[0]
        for i, (w, n) in enumerate(zip(widths, blocks)):
            stage = []
            for j in range(n):
                stride = 2 if (i > 0 and j == 0) else 1
                stage.append(blk(cin, w, stride))
                cin = w * blk.expansion
            layers.append(nn.Sequential(*stage))
        self.stages = nn.Sequential(*layers)
        self.features_dim = cin
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(cin, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def features(self, x):
        return self.stages(self.stem(x))

    def forward(self, x):
        f = self.dropout(self.features(x))
        w = self.fc.weight[:, :, None, None]
        cam = F.conv2d(f, w, self.fc.bias)
        logits = cam.mean(dim=(2, 3))
        return logits, cam


def compact_resnet(num_classes: int, widths=(16, 32, 64, 128), in_channels: int = 1,
                   dropout: float = 0.0) -> CamResNet:
    """ResNet-10 layout (one basic block per stage) at a quarter/half of the usual widths."""
    return CamResNet(num_classes, widths, (1, 1, 1, 1), in_channels, "basic", 7, dropout)


def resnet18(num_classes: int, in_channels: int = 3) -> CamResNet:
    return CamResNet(num_classes, (64, 128, 256, 512), (2, 2, 2, 2), in_channels, "basic")


def resnet34(num_classes: int, in_channels: int = 3) -> CamResNet:
    return CamResNet(num_classes, (64, 128, 256, 512), (3, 4, 6, 3), in_channels, "basic")


def resnet50(num_classes: int, in_channels: int = 3) -> CamResNet:
    return CamResNet(num_classes, (64, 128, 256, 512), (3, 4, 6, 3), in_channels, "bottleneck")


ARCHS = {"compact": compact_resnet, "resnet18": resnet18, "resnet34": resnet34,
         "resnet50": resnet50, "mobilenetv2": mobilenetv2, "inceptionv3": inceptionv3}


def build(arch: str, num_classes: int, **kw) -> nn.Module:
    if arch not in ARCHS:
        raise ValueError(f"unknown architecture {arch!r}; choose one of {sorted(ARCHS)}")
    return ARCHS[arch](num_classes, **kw)


def from_config(cfg: dict) -> nn.Module:
    if cfg.get("arch") == "mobilenetv2":
        return CamMobileNetV2(cfg["num_classes"], cfg["in_channels"], cfg.get("cut", "s16"),
                              cfg.get("dropout", 0.0))
    if cfg.get("arch") == "inceptionv3":
        return CamInceptionV3(cfg["num_classes"], cfg["in_channels"], cfg["cut"], cfg.get("dropout", 0.0))
    return CamResNet(cfg["num_classes"], cfg["widths"], cfg["blocks"], cfg["in_channels"],
                     cfg["block"], cfg.get("stem_kernel", 7), cfg.get("dropout", 0.0))
