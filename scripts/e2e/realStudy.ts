/**
 * A brain MR study made of real series from ../shared/data (when that folder is present), put
 * together as one study with blank or misleading descriptions, plus a synthetic CT localizer:
 *  - T1:  Siemens XA30 MPRAGE, enhanced multi-frame DICOM (dcm_qa_xa30, subject 12343@hucheng)
 *  - DWI: Siemens XA30 TRACEW, DICOM (same subject)
 *  - ADC: Siemens XA30 ADC map, DICOM (same subject): must not be hung as DW
 *  - T2 and T1c: TCGA-FG-6692 (TCIA TCGA-LGG via BrainLesion), NIfTI written as DICOM here
 * The series come from two subjects: this is a test of the viewer, not a clinical study.
 * Nothing is written into the repository; files go to a temporary folder or straight to STOW-RS.
 */
import dcmjs from 'dcmjs';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readNifti } from '../../extension/src/core/io/nifti';
import { el, makeMrSeries, newUid } from '../../extension/src/testing/dicomFixtures';
import { ctLocalizer, PATIENT_TAGS, type SyntheticSeries } from './syntheticStudy';

interface Source {
  truth: string;
  file: string;
  /** What the SeriesDescription says (blank or wrong on purpose). */
  description: string;
}

export const REAL_SOURCES: Source[] = [
  { truth: 'T1', file: 'dcm_qa_xa30/dicom/anat-T1w_acq-tfl__000', description: 'AX T2 TSE' },
  { truth: 'T2', file: 'brainlesion/TCGA-FG-6692_MRHR_T2_AX_SE_2_tse2d1_11_t2.nii.gz', description: 'AX T1 SE' },
  { truth: 'T1c', file: 'brainlesion/TCGA-FG-6692_MRHR_T1_AX_POST_GAD_SE_13_se2d1r_t1c.nii.gz', description: '' },
  { truth: 'DWI', file: 'dcm_qa_xa30/dicom/DWI_dir80_PA_TRACEW__000', description: '' },
  { truth: 'ADC', file: 'dcm_qa_xa30/dicom/DWI_dir80_PA_ADC__000', description: 'ep2d diff' },
];

/** The shared data folder beside the repository, or null. */
export function sharedDataDir(repoRoot: string): string | null {
  for (const d of [process.env.MRSEQ_SHARED_DATA, path.resolve(repoRoot, '..', 'shared', 'data')]) {
    if (d && existsSync(path.join(d, 'INVENTORY.tsv'))) return d;
  }
  return null;
}

/** Re-identify one DICOM file into the test study, with the given description and no protocol name. */
function rewriteDicom(bytes: Uint8Array, studyUID: string, seriesUID: string, seriesNumber: number, description: string, tags: object): Uint8Array {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const message = dcmjs.data.DicomMessage.readFile(buffer);
  const d = message.dict as Record<string, unknown>;
  // A new SOPInstanceUID too: the same file also goes into the second study, and a DICOMweb server
  // looks instances up by it.
  const sop = newUid();
  (message.meta as Record<string, unknown>)['00020003'] = el('UI', sop);
  Object.assign(d, tags, {
    '00080018': el('UI', sop),
    '0020000D': el('UI', studyUID),
    '0020000E': el('UI', seriesUID),
    '00200011': el('IS', seriesNumber),
    '0008103E': el('LO', description),
    '00181030': el('LO', ''),
  });
  return new Uint8Array(message.write());
}

async function dicomFolder(dir: string): Promise<Uint8Array[]> {
  const names = (await fs.readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  return Promise.all(names.map(async (n) => new Uint8Array(await fs.readFile(path.join(dir, n)))));
}

/** A NIfTI volume as a classic MR series: 12-bit stored values with a rescale back to the original range. */
function niftiAsDicom(file: string, bytes: Uint8Array, studyUID: string, seriesUID: string, seriesNumber: number, description: string, tags: object): Uint8Array[] {
  const series = readNifti(file, bytes);
  if (series.skip || !series.volumes[0]) throw new Error(`${file}: ${series.skip ?? 'no volume'}`);
  const slices = series.volumes[0].slices;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of slices) for (const v of s.pixels) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const slope = hi > lo ? (hi - lo) / 4095 : 1;
  const { width, height, pixelSpacing } = slices[0];
  const spacing = slices.length > 1 && slices[1].position !== undefined && slices[0].position !== undefined ? Math.abs(slices[1].position - slices[0].position) : 1;
  return makeMrSeries({
    rows: height,
    cols: width,
    slices: slices.length,
    studyInstanceUID: studyUID,
    seriesInstanceUID: seriesUID,
    seriesNumber,
    seriesDescription: description,
    pixelSpacing: pixelSpacing ?? [1, 1],
    sliceSpacing: spacing || 1,
    bitsStored: 12,
    rescale: { slope, intercept: lo },
    extraTags: tags as Record<string, never>,
    pixelValue: (_v, k, r, c) => {
      const v = slices[k].pixels[r * width + c];
      return Number.isFinite(v) ? Math.max(0, Math.min(4095, Math.round((v - lo) / slope))) : 0;
    },
  });
}

/**
 * The study; `without` leaves a sequence out (the end-to-end test's second study, for the empty-slot
 * note) and `studyDescription` replaces the study's description.
 */
export async function realStudy(dataDir: string, opts: { without?: string; studyDescription?: string } = {}): Promise<SyntheticSeries[]> {
  const studyUID = newUid();
  const tags = opts.studyDescription ? { ...PATIENT_TAGS, '00081030': el('LO', opts.studyDescription) } : PATIENT_TAGS;
  const out: SyntheticSeries[] = [];
  for (const [i, src] of REAL_SOURCES.filter((s) => s.truth !== opts.without).entries()) {
    const full = path.join(dataDir, src.file);
    const seriesUID = newUid();
    const files = (await fs.stat(full)).isDirectory()
      ? (await dicomFolder(full)).map((b) => rewriteDicom(b, studyUID, seriesUID, i + 1, src.description, tags))
      : niftiAsDicom(full, new Uint8Array(await fs.readFile(full)), studyUID, seriesUID, i + 1, src.description, tags);
    out.push({ seriesInstanceUID: seriesUID, truth: src.truth, seriesDescription: src.description, files });
  }
  out.push(ctLocalizer(studyUID, REAL_SOURCES.length + 1, 'AX T1 POST GD'));
  return out;
}
