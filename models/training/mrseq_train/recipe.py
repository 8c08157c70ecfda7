"""The training recipe as command-line options, shared by train.py and evaluate.py so that a
leave-one-source-out run and the shipped model are trained the same way. Defaults are the recipe
of the shipped model (mrseq-v8: 160 px, backbone learning rate x0.5, `--cut s8s`; `--cut s16s`
gives v7, `--cut s16` v6, with `--backbone-lr-mult 0.2` v5, and then with `--size 192` v4, with
`--size 128` v2 and v3); RESULTS.md lists the flags behind every lever tried."""
from __future__ import annotations

import argparse
import os

import numpy as np

from .augment import HOSPITAL_FOV, mask_to_head_core
from .data import DEFAULT_CACHE, DEFAULT_DATA, REPO_ROOT, load_dataset
from .derived import DERIVED_PREFIX
from .labels import MODEL_LABELS
from .pack import read_pack
from .preprocess import FILL_OF_VERSION, PREP_VERSION
from .inception import CUTS as INCEPTION_CUTS
from .pretrained import ensure_pretrained, ensure_pretrained_inception

PRETRAINED_CACHE = os.path.join(REPO_ROOT, ".cache", "pretrained")
DEFAULT_WEIGHT_DECAY = 5e-4    # AdamW; model.json records --weight-decay only when it differs


def add_recipe_args(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--size", type=int, default=160)
    ap.add_argument("--arch", default="mobilenetv2",
                    help="mobilenetv2, compact (ResNet-10), resnet18, resnet34, resnet50 or "
                         "inceptionv3 (measured, not shippable: needs --cut mixed2 or mixed5)")
    ap.add_argument("--cut", default="s8s",
                    choices=["full", "s16", "s16s", "s8", "s8s", "mixed2", "mixed5"],
                    help="mobilenetv2: full (stride 32), s16 (cut after block_12: 8x8 CAM at "
                         "128 px), s16s (s16 without block_11/12), s8 (s16 dilated: 16x16 CAM), "
                         "s8s (s16s at stride 8, dilated: 20x20 CAM at 160 px; the default); "
                         "inceptionv3: mixed2 (17x17 CAM at 160 px) or mixed5 (8x8, the layers "
                         "nsfwjs left at their ImageNet weights)")
    ap.add_argument("--widths", default="24,48,96,192", help="compact: stage widths")
    ap.add_argument("--init", default="nsfwjs", choices=["nsfwjs", "scratch"],
                    help="mobilenetv2, inceptionv3: natural-image weights from npm nsfwjs@4.4.0, "
                         "or random")
    ap.add_argument("--pretrained-file", default="",
                    help="start from this npz in the converted-nsfwjs naming instead (pretrain_ssl.py "
                         "writes one); needs --init nsfwjs")
    ap.add_argument("--backbone-lr-mult", type=float, default=0.5,
                    help="backbone learning rate relative to the head's (pretrained init)")
    ap.add_argument("--steps", type=int, default=2500)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--weight-decay", type=float, default=DEFAULT_WEIGHT_DECAY,
                    help="AdamW's decoupled weight decay (every parameter)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=0, help="seconds (per fold in evaluate.py)")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda on a GPU machine")
    ap.add_argument("--prep", default=PREP_VERSION, choices=sorted(FILL_OF_VERSION),
                    help="preprocessing version (padding: prep-1 minimum, prep-2 border median)")
    ap.add_argument("--fov", default="hospital", choices=["hospital", "v1"],
                    help="geometric augmentation: hospital (zoom 0.65-1.5, shift 0.15, border "
                         "padding) or v1 (zoom 0.8-1.3, shift 0.1, minimum padding)")
    ap.add_argument("--cam-bg-weight", type=float, default=1.0,
                    help="weight of the loss on true-class CAM evidence outside the head")
    ap.add_argument("--strip", type=float, default=0.0,
                    help="probability of a skull-stripping look-alike on a training slice (every "
                         "class alike: the filled head mask eroded by 7-20%% of its radius)")
    ap.add_argument("--strip-classes", default="",
                    help="comma-separated model labels that may get the --strip look-alike "
                         "(default: every class)")
    ap.add_argument("--skull", type=float, default=0.0,
                    help="probability of a drawn skull and scalp (augment.add_skull) on a training "
                         "slice of a series its provider skull-stripped (data.is_skull_stripped)")
    ap.add_argument("--skull-classes", default="T1,T1c,T2,FLAIR",
                    help="comma-separated model labels that may get the --skull drawing")
    ap.add_argument("--mixstyle", type=float, default=0.0,
                    help="probability per batch of same-class MixStyle (feature statistics mixed "
                         "between two training slices of one class; mixstyle.py); 0 = off")
    ap.add_argument("--mixstyle-blocks", default="2,5",
                    help="MobileNetV2 blocks after which --mixstyle mixes (2,5: ends of the "
                         "stride-4 and stride-8 stages)")
    ap.add_argument("--ema", type=float, default=0.0,
                    help="decay of a moving average of the weights; the average is the model "
                         "(evaluate.py also scores the last weights, as <name>-raw); 0 = off")
    ap.add_argument("--sam", type=float, default=0.0,
                    help="sharpness-aware minimisation radius (sam.sam_step; about twice the "
                         "time per step); 0 = off")
    ap.add_argument("--dropout", type=float, default=0.0,
                    help="dropout on the last feature map, before the class maps (training only)")
    ap.add_argument("--gamma", type=float, default=None,
                    help="probability of the random gamma per training slice (default: augment.py's "
                         "0.6; exponent exp(U(-0.5, 0.5)))")
    ap.add_argument("--curve", type=float, default=0.0,
                    help="probability of a random increasing intensity curve per training slice "
                         "(augment.monotone_curve: tissue order kept, contrast ratios changed)")
    ap.add_argument("--thick", type=float, default=0.0,
                    help="probability per training slice of a thick-slice reformat look-alike "
                         "(augment_local.thick_slices: blurred 2-6x along one axis), every class alike")
    ap.add_argument("--jpeg", type=float, default=None,
                    help="probability of the second 8-bit-or-JPEG draw per training slice, after "
                         "quant8's 0.3 (default augment.py's 0.25: about 48%% of slices encoded, "
                         "half of them JPEG at quality 30-95; 0.7: 79%%)")
    ap.add_argument("--encode-balance", action="store_true",
                    help="the 8-bit/JPEG draw's probability set per class so that every class has "
                         "the same expected share of encoded slices, counting series stored 8-bit "
                         "or JPEG (encoding.py; measured, not kept: RESULTS.md)")
    ap.add_argument("--lesion", type=float, default=0.0,
                    help="probability per training slice of one or two mass-lesion look-alikes "
                         "inside the head (augment_local.lesion_blobs), every class alike")
    ap.add_argument("--mixup", type=float, default=0.0,
                    help="mixup: blend pairs of training slices and their losses, blend weight "
                         "~ Beta(ALPHA, ALPHA); 0 = off (mixup.py)")
    ap.add_argument("--p-acq", type=float, default=0.75,
                    help="probability that a training slice is taken in its series' acquisition "
                         "plane (the rest: the other planes of volumes that have them)")
    ap.add_argument("--mask-inputs", action="store_true",
                    help="every slice, in training and when scored, masked to its eroded head "
                         "(augment.mask_to_head_core): skull, scalp and background never seen")
    ap.add_argument("--no-derived", action="store_true",
                    help="leave out the ADC maps derived from b0 + diffusion-weighted pairs")
    ap.add_argument("--pack", default="",
                    help="read the slices from a pack (pack.py; a machine without ../shared) "
                         "instead of the inventory and the slice cache")
    ap.add_argument("--workers", type=int, default=1,
                    help="processes preparing batches (1: the serial path's batches; more for a GPU)")


def strip_class_indices(names: str, flag: str = "--strip-classes") -> list[int]:
    """'T1,T1c' -> model label indices; an unknown name is an error, not a silent no-op."""
    labels = list(MODEL_LABELS)
    out = []
    for n in (x.strip() for x in names.split(",") if x.strip()):
        if n not in labels:
            raise SystemExit(f"{flag}: unknown label {n!r} (model labels: {', '.join(labels)})")
        out.append(labels.index(n))
    return out


def dataset_from_args(args, log=print) -> list:
    if args.pack:
        series = read_pack(args.pack)
        got = int(series[0].slices.shape[-1]) if series else args.size
        if got != args.size:
            raise SystemExit(f"--pack {args.pack} holds {got}-px slices; --size is {args.size}")
        if args.no_derived:
            series = [s for s in series if not s.file.startswith(DERIVED_PREFIX)]
        log(f"pack {args.pack}: {len(series)} series, {sum(len(s.slices) for s in series)} slices")
    else:
        series = load_dataset(args.data, args.size, args.cache, derive=not args.no_derived,
                              fill=FILL_OF_VERSION[args.prep], log=log)
    if args.mask_inputs:
        for s in series:
            s.slices = np.stack([mask_to_head_core(x) for x in s.slices])
    return series


def train_kwargs(args, log=print) -> dict:
    """Keyword arguments of trainer.train for the recipe in `args`."""
    for flag, v in (("--curve", args.curve), ("--gamma", args.gamma), ("--thick", args.thick),
                    ("--lesion", args.lesion), ("--jpeg", args.jpeg)):
        if v is not None and not 0.0 <= v <= 1.0:
            raise SystemExit(f"{flag} is a probability per slice: {v} is not in [0, 1]")
    if args.mixup < 0:
        raise SystemExit(f"--mixup is a Beta parameter (0 = off): {args.mixup} is negative")
    if (args.arch == "inceptionv3") != (args.cut in INCEPTION_CUTS):
        raise SystemExit(f"--cut {args.cut} does not go with --arch {args.arch} (inceptionv3 takes "
                         f"{', '.join(INCEPTION_CUTS)}, the others none of them)")
    pretrained = ""
    if args.arch in ("mobilenetv2", "inceptionv3") and args.init == "nsfwjs":
        ensure = ensure_pretrained if args.arch == "mobilenetv2" else ensure_pretrained_inception
        pretrained = args.pretrained_file or ensure(PRETRAINED_CACHE, log)
    elif args.pretrained_file:
        raise SystemExit("--pretrained-file needs --arch mobilenetv2 or inceptionv3, --init nsfwjs")
    aug = dict(HOSPITAL_FOV) if args.fov == "hospital" else {}
    aug["fill"] = FILL_OF_VERSION[args.prep] if args.fov == "hospital" else "min"
    if args.strip:
        aug["strip"] = args.strip
        if args.strip_classes:
            aug["strip_classes"] = strip_class_indices(args.strip_classes)
    if args.curve:
        aug["curve"] = args.curve
    if args.gamma is not None:
        aug["gamma"] = args.gamma
    if args.thick:
        aug["thick"] = args.thick
    if args.lesion:
        aug["lesion"] = args.lesion
    if args.jpeg is not None:
        aug["jpeg"] = args.jpeg
    if args.encode_balance:
        aug["encode_balance"] = True
    if args.skull:
        aug["skull"] = args.skull
        aug["skull_classes"] = strip_class_indices(args.skull_classes, "--skull-classes")
    return dict(arch=args.arch, widths=[int(w) for w in args.widths.split(",")], cut=args.cut,
                size=args.size, steps=args.steps, batch=args.batch, lr=args.lr, seed=args.seed,
                time_limit_s=args.time_limit, device=args.device, aug=aug,
                pretrained=pretrained,
                backbone_lr_mult=args.backbone_lr_mult if pretrained else 1.0,
                cam_bg_weight=args.cam_bg_weight, mixstyle=args.mixstyle,
                mixstyle_blocks=args.mixstyle_blocks, ema=args.ema, p_acq=args.p_acq,
                sam=args.sam, weight_decay=args.weight_decay, dropout=args.dropout,
                mixup=args.mixup, prefetch=args.workers)


# Options model.json records only when they differ from their "off" value (older models' records
# stay as they were): (args attribute, off value), in the order they are written.
OPTIONAL_RECORDS = (("sam", 0.0), ("dropout", 0.0), ("mixup", 0.0), ("curve", 0.0), ("gamma", None),
                    ("thick", 0.0), ("lesion", 0.0), ("jpeg", None),
                    ("encode_balance", False), ("mask_inputs", False),
                    ("weight_decay", DEFAULT_WEIGHT_DECAY))


def recipe_summary(args) -> dict:
    """What model.json's training block records about the recipe."""
    out = {k: getattr(args, k) for k in ("arch", "cut", "init", "backbone_lr_mult", "size",
                                         "batch", "lr", "seed", "prep", "fov",
                                         "cam_bg_weight", "strip", "strip_classes", "mixstyle",
                                         "mixstyle_blocks", "ema", "p_acq")}
    out["derived_adc"] = not args.no_derived
    if args.skull:
        out.update(skull=args.skull, skull_classes=args.skull_classes)
    out.update({k: getattr(args, k) for k, off in OPTIONAL_RECORDS if getattr(args, k) != off})
    if args.pretrained_file:
        out["pretrained_file"] = os.path.basename(args.pretrained_file)
    if args.pack:
        out["pack"] = os.path.basename(args.pack)
    return out
