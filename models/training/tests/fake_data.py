"""A small fake data folder (INVENTORY.tsv + NIfTI, 4D NIfTI, DICOM, PNG) built inside a test."""
import os

import numpy as np

from mrseq_train.golden import phantom

HEADER = ["file", "label", "subject", "source", "site_or_vendor", "format", "license",
          "how_label_known", "notes"]


def head_volume(rng, n=12, h=40, w=36, scale=1000.0):
    vol = np.stack([phantom(h, w, 1.0, 1.0, rng, scale) * (0.6 + 0.4 * np.sin(np.pi * (k + 1) / (n + 1)))
                    for k in range(n)])
    vol[0] = 0.0                                  # an empty end slice
    return np.clip(vol, 0, None).astype(np.float32)


def write_nifti(path, vol_zyx, zooms=(1.0, 1.0, 3.0)):
    import nibabel as nib

    data = np.ascontiguousarray(np.moveaxis(vol_zyx, 0, -1) if vol_zyx.ndim == 3 else vol_zyx)
    img = nib.Nifti1Image(data, np.diag([*zooms, 1.0]))
    img.header.set_zooms(zooms + ((1.0,) if data.ndim == 4 else ()))
    nib.save(img, path)


def write_dicom_diffusion(folder, rng, bvals=(0, 1000), n=4):
    import pydicom
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    os.makedirs(folder, exist_ok=True)
    vol = head_volume(rng, n=n, h=32, w=32)
    inst = 0
    for b in bvals:
        for k in range(n):
            inst += 1
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
            meta.MediaStorageSOPInstanceUID = generate_uid()
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = pydicom.Dataset()
            ds.file_meta = meta
            ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
            ds.Modality, ds.InstanceNumber = "MR", inst
            ds.Rows, ds.Columns = 32, 32
            ds.PixelSpacing = [2.0, 2.0]
            ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
            ds.ImagePositionPatient = [0, 0, 4.0 * k]
            ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
            ds.add_new((0x0018, 0x9087), "FD", float(b))
            img = vol[k] * (1.0 if b == 0 else 0.3)
            ds.PixelData = np.round(img).astype(np.uint16).tobytes()
            ds.save_as(os.path.join(folder, f"{inst:04d}.dcm"), enforce_file_format=True)


def build_fake_data(root, seed=0):
    """Returns the list of inventory rows written to root/INVENTORY.tsv."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    rows = []

    def add(rel, label, subject, source, fmt):
        rows.append([rel, label, subject, source, "site", fmt, "test", "test", ""])

    os.makedirs(os.path.join(root, "nii"), exist_ok=True)
    subjects = [f"S{i}" for i in range(8)]
    for i, s in enumerate(subjects):
        for lab in ("T1", "T2", "FLAIR", "T1c") if i % 2 == 0 else ("T1", "FLAIR"):
            rel = f"nii/{s}_{lab}.nii.gz"
            write_nifti(os.path.join(root, rel), head_volume(rng))
            add(rel, lab, s, f"github:src{i % 3}/repo", "NIfTI")
    # the same person under another name in another source
    write_nifti(os.path.join(root, "nii/alias_T2.nii.gz"), head_volume(rng))
    add("nii/alias_T2.nii.gz", "T2", "other_name (= S0)", "github:srcX/repo", "NIfTI")
    # 4D diffusion without bvals: brightest volume = b0
    vols = [head_volume(rng) * f for f in (1.0, 0.3, 0.32, 0.28)]
    write_nifti(os.path.join(root, "nii/dwi4d.nii.gz"), np.stack([np.moveaxis(v, 0, -1) for v in vols], -1))
    add("nii/dwi4d.nii.gz", "DWI_4D", "S1", "github:src1/repo", "NIfTI")
    write_dicom_diffusion(os.path.join(root, "dcm/dwi_series"), rng)
    add("dcm/dwi_series", "DWI_4D", "S3", "github:src0/repo", "DICOM")
    os.makedirs(os.path.join(root, "png"), exist_ok=True)
    for k in range(3):
        rel = f"png/{k}.png"
        Image.fromarray(np.clip(phantom(48, 40, 1, 1, rng, 200.0), 0, 255).astype(np.uint8)).save(
            os.path.join(root, rel))
        add(rel, "T1c", "figshare_pooled_no_pid", "github:pool/repo", "PNG")
    add("nii/missing.nii.gz", "T1", "S9", "github:src2/repo", "NIfTI")    # unreadable
    with open(os.path.join(root, "INVENTORY.tsv"), "w") as f:
        f.write("\t".join(HEADER) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    return rows
