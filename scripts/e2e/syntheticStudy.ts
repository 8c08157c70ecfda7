/**
 * A synthetic brain MR study for the end-to-end test and demos, written with the test DICOM writer:
 * four MR series (T1-, T1c-, T2-, diffusion-like contrast of one elliptical "head" phantom) with
 * misleading or blank SeriesDescriptions, plus a CT localizer. Pixels are a phantom, not anatomy:
 * the classifier's answers on it mean nothing; the study exercises the flow only.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { el, makeMrSeries, newUid, SOP_CLASS } from '../../extension/src/testing/dicomFixtures';

export interface SyntheticSeries {
  seriesInstanceUID: string;
  /** What the phantom imitates (the truth the e2e test knows). */
  truth: string;
  seriesDescription: string;
  files: Uint8Array[];
}

/** Tissue intensities per contrast: [background, skull/scalp, white matter, grey matter, CSF, enhancing rim]. */
const CONTRAST: Record<string, number[]> = {
  T1: [0, 900, 1400, 1000, 300, 1000],
  T1c: [0, 900, 1400, 1000, 300, 2600],
  T2: [0, 500, 700, 1100, 2400, 1100],
  DWI: [0, 100, 900, 1000, 150, 1000],
  CT: [0, 3000, 1040, 1035, 1005, 1035],
};

function phantom(contrast: number[], size: number, slices: number) {
  return (_v: number, k: number, r: number, c: number): number => {
    const y = (r - size / 2) / (size * 0.42);
    const x = (c - size / 2) / (size * 0.34);
    const z = (k - slices / 2) / (slices * 0.7);
    const d = x * x + y * y + z * z;
    if (d > 1) return contrast[0];
    if (d > 0.82) return contrast[1];
    const vx = (Math.abs(c - size / 2) - size * 0.06) / (size * 0.05);
    const vy = (r - size / 2) / (size * 0.14);
    if (vx * vx + vy * vy < 1) return contrast[4];
    const lx = (c - size * 0.64) / (size * 0.06);
    const ly = (r - size * 0.4) / (size * 0.06);
    const l = lx * lx + ly * ly;
    if (l < 1 && l > 0.5) return contrast[5];
    return d > 0.6 ? contrast[3] : contrast[2];
  };
}

/** A 3-image CT localizer in the given study (the non-MR series of both e2e studies). */
export function ctLocalizer(studyInstanceUID: string, seriesNumber: number, seriesDescription = 'AX T1 POST', size = 128): SyntheticSeries {
  const seriesInstanceUID = newUid();
  const files = makeMrSeries({
    rows: size,
    cols: size,
    slices: 3,
    studyInstanceUID,
    seriesInstanceUID,
    seriesNumber,
    seriesDescription,
    modality: 'CT',
    sopClassUID: SOP_CLASS.ct,
    imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
    pixelSpacing: [1.8, 1.8],
    extraTags: PATIENT_TAGS,
    pixelValue: phantom(CONTRAST.CT, size, 3),
  });
  return { seriesInstanceUID, truth: 'CT', seriesDescription, files };
}

export const PATIENT_TAGS = {
  '00100010': el('PN', { Alphabetic: 'MRSEQ^E2E' }),
  '00100020': el('LO', 'MRSEQ-E2E'),
  '00080020': el('DA', '20260101'),
  '00081030': el('LO', 'Brain MR (mrseq end-to-end test)'),
};

/**
 * `without` leaves one sequence out and `studyDescription` replaces the study's description (the
 * end-to-end test's second study); `honestDiffusion` gives the diffusion series a true header
 * (ImageType TRACEW, "DWI TRACE") so that the study is hung whatever the model makes of phantoms.
 */
export function syntheticStudy(
  opts: { size?: number; slices?: number; studyInstanceUID?: string; without?: string; studyDescription?: string; honestDiffusion?: boolean } = {},
): SyntheticSeries[] {
  const size = opts.size ?? 128;
  const slices = opts.slices ?? 16;
  const studyInstanceUID = opts.studyInstanceUID ?? newUid();
  const common = {
    rows: size,
    cols: size,
    slices,
    studyInstanceUID,
    pixelSpacing: [1.8, 1.8] as [number, number],
    sliceSpacing: 5,
    extraTags: {
      ...PATIENT_TAGS,
      '00180015': el('CS', 'BRAIN'),
      ...(opts.studyDescription ? { '00081030': el('LO', opts.studyDescription) } : {}),
    },
  };
  // Descriptions lie (or say nothing) on purpose: the viewer must hang series by their pixels.
  const plan: Array<Omit<SyntheticSeries, 'files' | 'seriesInstanceUID'> & { extra?: object }> = [
    { truth: 'T2', seriesDescription: 'AX T1 SE' },
    { truth: 'T1', seriesDescription: '' },
    opts.honestDiffusion
      ? { truth: 'DWI', seriesDescription: 'DWI TRACE', extra: { bValues: [1000], imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'] } }
      : { truth: 'DWI', seriesDescription: 'ax t2 tse', extra: { bValues: [1000] } },
    { truth: 'T1c', seriesDescription: 'series 4' },
  ];
  const mr = plan.filter((p) => p.truth !== opts.without).map((p, i) => {
    const seriesInstanceUID = newUid();
    const files = makeMrSeries({
      ...common,
      ...(p.extra ?? {}),
      seriesInstanceUID,
      seriesNumber: i + 1,
      seriesDescription: p.seriesDescription,
      pixelValue: phantom(CONTRAST[p.truth], size, slices),
    });
    return { seriesInstanceUID, truth: p.truth, seriesDescription: p.seriesDescription, files };
  });
  return [...mr, ctLocalizer(studyInstanceUID, mr.length + 1, 'AX T1 POST', size)];
}

/** Write the study as series folders of numbered .dcm files. */
export async function writeStudy(series: SyntheticSeries[], dir: string): Promise<void> {
  for (const [i, s] of series.entries()) {
    const sub = path.join(dir, `series${i + 1}`);
    await fs.mkdir(sub, { recursive: true });
    await Promise.all(s.files.map((f, k) => fs.writeFile(path.join(sub, `${String(k + 1).padStart(3, '0')}.dcm`), f)));
  }
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx scripts/e2e/syntheticStudy.ts <out-dir>');
    process.exit(2);
  }
  const study = syntheticStudy();
  writeStudy(study, dir).then(() => console.log(`wrote ${study.length} series to ${dir}`));
}
