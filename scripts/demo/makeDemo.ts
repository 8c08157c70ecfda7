/**
 * `npm run demo:make`: writes the demo study that `npm start` offers (demo/study/, demo/manifest.json)
 * from four public volumes in ../shared/data (sources, licences and attribution: demo/README.md).
 * Re-runnable: the same inputs give the same bytes (UIDs derived from names, no date of today).
 *
 * Each series keeps a few slices of its source at full resolution, stored as 12-bit MR images with a
 * rescale back to the source's values. Tags are the source's own where it tells them (series
 * description and sequence name from the TCGA file names, echo time from the NIfTI header) and
 * nothing is invented: no repetition time, no contrast agent, no dates. The patient is "MRSEQ^DEMO";
 * the sources' public subject ids are in ImageComments and the README.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { readNifti } from '../../extension/src/core/io/nifti';
import type { SliceImage } from '../../extension/src/core/types';
import { el, SOP_CLASS, writeDicom, type RawDict } from '../../extension/src/testing/dicomWriter';
import { sharedDataDir } from '../e2e/realStudy';
import { REPO_ROOT } from '../start/build';

export const DEMO_ROOT = path.join(REPO_ROOT, 'demo');
export const DEMO_STUDY_DIR = path.join(DEMO_ROOT, 'study');

interface DemoSource {
  slot: 'T1' | 'T1c' | 'T2' | 'DW';
  /** Relative to ../shared/data. */
  file: string;
  seriesNumber: number;
  seriesDescription: string;
  sequenceName: string;
  scanningSequence: string;
  imageType: string[];
  echoTime?: number;
  bValue?: number;
  /** Indices of the source slices kept (inferior to superior). */
  slices: number[];
  subject: string;
  source: string;
  license: string;
}

const TCGA = { subject: 'TCGA-FG-6692', source: 'TCIA TCGA-LGG, via github:BrainLesion/preprocessing', license: 'CC BY 3.0 (TCIA TCGA-LGG)' };
const every2 = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + 2 * k);

export const DEMO_SOURCES: DemoSource[] = [
  { slot: 'T2', file: 'brainlesion/TCGA-FG-6692_MRHR_T2_AX_SE_2_tse2d1_11_t2.nii.gz', seriesNumber: 2, seriesDescription: 'MRHR T2 AX SE', sequenceName: 'tse2d1_11', scanningSequence: 'SE', imageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'], echoTime: 91, slices: every2(8, 8), ...TCGA },
  { slot: 'T1', file: 'brainlesion/TCGA-FG-6692_T1_AX_SE_10_se2d1_t1.nii.gz', seriesNumber: 10, seriesDescription: 'T1 AX SE', sequenceName: 'se2d1', scanningSequence: 'SE', imageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'], echoTime: 12, slices: every2(8, 8), ...TCGA },
  { slot: 'T1c', file: 'brainlesion/TCGA-FG-6692_MRHR_T1_AX_POST_GAD_SE_13_se2d1r_t1c.nii.gz', seriesNumber: 13, seriesDescription: 'MRHR T1 AX POST GAD SE', sequenceName: 'se2d1r', scanningSequence: 'SE', imageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'], echoTime: 17, slices: every2(8, 8), ...TCGA },
  {
    slot: 'DW',
    file: 'dcm_qa_stc/nifti/derived/B15_2_ep2d_DTI_20_dir_AP_b1000mean.nii.gz',
    seriesNumber: 20,
    seriesDescription: 'ep2d_DTI_20_dir_AP b1000 mean',
    sequenceName: 'ep_b1000',
    scanningSequence: 'EP',
    // the mean of the b=1000 directions: a trace-weighted image, derived here
    imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'],
    bValue: 1000,
    slices: Array.from({ length: 8 }, (_, k) => 14 + 5 * k),
    subject: 'chris_rorden (dcm_qa_stc)',
    source: 'github:neurolabusc/dcm_qa_stc (Siemens TrioTim B15 ep2d_DTI_20_dir, mean of the b=1000 volumes)',
    license: 'BSD-2-Clause (repository licence)',
  },
];

/** A valid UID derived from a name (2.25 root + 128 bits of its SHA-256): the same name, the same UID. */
export function uidOf(name: string): string {
  return `2.25.${BigInt('0x' + createHash('sha256').update(name).digest('hex').slice(0, 32)).toString()}`;
}

const STUDY_UID = uidOf('mrseq demo study v1');

interface Stored {
  values: Uint16Array[];
  slope: number;
  intercept: number;
}

/** Slices as 12-bit stored values; the rescale gives back the source's values (exactly when they are integers in range). */
function toStored(slices: readonly SliceImage[]): Stored {
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (const s of slices) {
    for (const v of s.pixels) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      if (!Number.isInteger(v)) integers = false;
    }
  }
  const exact = integers && lo >= 0 && hi <= 4095;
  const slope = exact ? 1 : hi > lo ? (hi - lo) / 4095 : 1;
  const intercept = exact ? 0 : lo;
  const values = slices.map((s) => Uint16Array.from(s.pixels, (v) => (Number.isFinite(v) ? Math.max(0, Math.min(4095, Math.round((v - intercept) / slope))) : 0)));
  return { values, slope: Number(slope.toPrecision(10)), intercept: Number(intercept.toPrecision(10)) };
}

function fileOf(src: DemoSource, slice: SliceImage, k: number, stored: Stored, spacing: number): Uint8Array {
  const seriesUID = uidOf(`mrseq demo series ${src.slot}`);
  const [sy, sx] = slice.pixelSpacing ?? [1, 1];
  const d: RawDict = {
    '00080005': el('CS', 'ISO_IR 100'),
    '00080008': el('CS', ...src.imageType),
    '00080016': el('UI', SOP_CLASS.mr),
    '00080018': el('UI', uidOf(`mrseq demo instance ${src.slot} ${k}`)),
    '00080060': el('CS', 'MR'),
    '00080070': el('LO', 'SIEMENS'),
    '00081030': el('LO', 'mrseq demo: brain MR'),
    '0008103E': el('LO', src.seriesDescription),
    '00100010': el('PN', { Alphabetic: 'MRSEQ^DEMO' }),
    '00100020': el('LO', 'MRSEQ-DEMO'),
    '00180015': el('CS', 'BRAIN'),
    '00180020': el('CS', src.scanningSequence),
    '00180024': el('SH', src.sequenceName),
    '00180050': el('DS', spacing),
    '00180088': el('DS', spacing),
    '0020000D': el('UI', STUDY_UID),
    '0020000E': el('UI', seriesUID),
    '00200010': el('SH', 'DEMO'),
    '00200011': el('IS', src.seriesNumber),
    '00200013': el('IS', k + 1),
    '00200032': el('DS', 0, 0, Number((k * spacing).toFixed(3))),
    '00200037': el('DS', 1, 0, 0, 0, 1, 0),
    '00200052': el('UI', uidOf(`mrseq demo frame of reference ${src.subject}`)),
    '00204000': el('LT', `mrseq demo; source: ${src.source}, subject ${src.subject}; licence: ${src.license}`),
    '00280002': el('US', 1),
    '00280004': el('CS', 'MONOCHROME2'),
    '00280010': el('US', slice.height),
    '00280011': el('US', slice.width),
    '00280030': el('DS', sy, sx),
    '00280100': el('US', 16),
    '00280101': el('US', 12),
    '00280102': el('US', 11),
    '00280103': el('US', 0),
    '00281052': el('DS', stored.intercept),
    '00281053': el('DS', stored.slope),
    '7FE00010': el('OW', stored.values[k].buffer),
  };
  if (src.echoTime !== undefined) d['00180081'] = el('DS', src.echoTime);
  if (src.bValue !== undefined) d['00189087'] = el('FD', src.bValue);
  return writeDicom(d);
}

export interface DemoManifest {
  studyInstanceUID: string;
  series: Array<{ slot: string; seriesInstanceUID: string; seriesDescription: string; folder: string; slices: number; subject: string; source: string; license: string }>;
}

export async function makeDemo(dataDir: string, outDir = DEMO_ROOT): Promise<DemoManifest> {
  const studyDir = path.join(outDir, 'study');
  rmSync(studyDir, { recursive: true, force: true });
  const manifest: DemoManifest = { studyInstanceUID: STUDY_UID, series: [] };
  for (const src of DEMO_SOURCES) {
    const full = path.join(dataDir, src.file);
    const series = readNifti(full, new Uint8Array(await fs.readFile(full)));
    const volume = series.volumes[0];
    if (series.skip || !volume) throw new Error(`${src.file}: ${series.skip ?? 'no volume'}`);
    const picked = src.slices.map((i) => {
      const s = volume.slices[i];
      if (!s) throw new Error(`${src.file} has no slice ${i} (${volume.slices.length} slices)`);
      return s;
    });
    const step = picked.length > 1 && picked[0].position !== undefined && picked[1].position !== undefined ? Math.abs(picked[1].position - picked[0].position) : 1;
    const stored = toStored(picked);
    const folder = `${String(src.seriesNumber).padStart(2, '0')}-${src.slot}`;
    mkdirSync(path.join(studyDir, folder), { recursive: true });
    for (const [k, slice] of picked.entries()) {
      await fs.writeFile(path.join(studyDir, folder, `${String(k + 1).padStart(3, '0')}.dcm`), fileOf(src, slice, k, stored, Number(step.toFixed(3))));
    }
    const { subject, source, license, seriesDescription, slot } = src;
    manifest.series.push({ slot, seriesInstanceUID: uidOf(`mrseq demo series ${slot}`), seriesDescription, folder, slices: picked.length, subject, source, license });
  }
  await fs.writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (require.main === module) {
  const dataDir = sharedDataDir(REPO_ROOT);
  if (!dataDir) {
    console.error('demo:make: ../shared/data (with INVENTORY.tsv) is needed beside the repository');
    process.exit(2);
  }
  makeDemo(dataDir).then(
    (m) => console.log(`demo:make: ${m.series.length} series written to ${path.relative(REPO_ROOT, DEMO_STUDY_DIR)}`),
    (err) => {
      console.error(`demo:make: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
