"""Derived diffusion classes: ADC maps from b0 + diffusion-weighted pairs, found in an inventory."""
import os

import numpy as np

from fake_data import head_volume, write_dicom_diffusion, write_nifti
from mrseq_train.data import load_dataset, read_inventory, route_volumes
from mrseq_train.data_io import Volume
from mrseq_train.derived import ADC_CLIP, adc_map, derived_rows, read_derived


def test_adc_map_inverts_the_signal_equation_masks_and_clips():
    s0 = np.full((4, 4), 1000.0)
    s0[0, 0] = 1.0                                  # background: below the noise threshold
    adc_true = np.full((4, 4), 0.0008)
    adc_true[1, 1] = 0.02                           # implausible: clipped
    sb = s0 * np.exp(-1000.0 * adc_true)
    out = adc_map(s0, [sb], 1000.0)
    assert out[2, 2] == 800.0                       # 1e-6 mm2/s integers
    assert out[0, 0] == 0.0 and out[1, 1] == ADC_CLIP * 1e6
    two = adc_map(s0, [sb, s0 * np.exp(-1000.0 * 0.0012)], 1000.0)
    assert two[2, 2] == 1000.0                      # mean over directions


def _row(file, label, subject, source="github:x/y", fmt="NIfTI"):
    return {"file": file, "label": label, "subject": subject, "source": source, "format": fmt}


def test_derived_rows_pairs_b0_with_the_highest_shell_once_per_subject():
    rows = [_row("a/s1_b0mean.nii.gz", "B0", "s1"), _row("a/s1_b1000mean.nii.gz", "DWI", "s1"),
            _row("a/s1_b2000mean.nii.gz", "DWI", "s1"), _row("a/s1_4d", "DWI_4D", "s1", fmt="DICOM"),
            _row("b/s2_b0.nii.gz", "B0", "s2"), _row("b/s2_dwi.nii.gz", "DWI", "s2"),
            _row("b/s2_adc.nii.gz", "ADC", "s2", "github:x/y (derived here)"),   # has a map already
            _row("c/s3_4d.nii.gz", "DWI_4D", "s3"),
            _row("d/cord_b0.nii.gz", "B0", "s4", "github:spinalcordtoolbox/sct_testing_data"),
            _row("d/cord_dwi.nii.gz", "DWI", "s4", "github:spinalcordtoolbox/sct_testing_data")]
    got = {r["subject"]: r for r in derived_rows(rows)}
    assert sorted(got) == ["s1", "s3"]
    assert got["s1"]["b"] == 2000.0 and [i[0] for i in got["s1"]["inputs"]] == [
        "a/s1_b0mean.nii.gz", "a/s1_b2000mean.nii.gz"]
    assert got["s3"]["inputs"][0][2] == "4d" and all(r["label"] == "ADC" for r in got.values())


def test_every_shell_of_a_4d_series_is_dwi_and_b0_is_other_data():
    vols = [Volume(np.ones((2, 4, 4), np.float32), (1, 1, 1), 0, b, f"b{b}") for b in (0, 200, 500, 1000)]
    routed = route_volumes({"label": "DWI_4D"}, vols)
    assert [(v.bvalue, lab) for v, lab in routed] == [(500, "DWI"), (1000, "DWI"), (0, "B0")]


def test_derived_adc_from_4d_dicom_and_from_a_pair(tmp_path):
    rng = np.random.default_rng(0)
    write_dicom_diffusion(str(tmp_path / "dwi"), rng, bvals=(0, 1000))
    b0 = head_volume(rng) + 50.0
    write_nifti(str(tmp_path / "p_b0mean.nii.gz"), b0)
    write_nifti(str(tmp_path / "p_b1000mean.nii.gz"), b0 * np.exp(-1000 * 0.001))
    rows = [_row("dwi", "DWI_4D", "s1", fmt="DICOM"), _row("p_b0mean.nii.gz", "B0", "s2"),
            _row("p_b1000mean.nii.gz", "DWI", "s2")]
    for r in derived_rows(rows):
        (vol,) = read_derived(r, str(tmp_path))
        inside = vol.array[vol.array > 0]
        assert inside.size > 0 and vol.tag.startswith("adc-b1000")
        if r["subject"] == "s2":
            np.testing.assert_allclose(inside, 1000.0, atol=1)   # 0.001 mm2/s


def test_load_dataset_adds_the_derived_maps(tmp_path):
    from fake_data import build_fake_data
    build_fake_data(str(tmp_path))
    cache = str(tmp_path / "cache")
    with_adc = load_dataset(str(tmp_path), 32, cache, log=lambda m: None)
    without = load_dataset(str(tmp_path), 32, cache, derive=False, log=lambda m: None)
    adc = [s for s in with_adc if s.label == "ADC"]
    assert len(adc) == 2 and not any(s.label == "ADC" for s in without)
    assert {s.subject for s in adc} <= {s.subject for s in without}   # same subjects, same splits
    assert len(read_inventory(str(tmp_path))) > 0 and os.path.isdir(cache)
