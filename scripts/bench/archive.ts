/**
 * A synthetic DICOM archive for the scale benchmark, written with the test DICOM writer: `series`
 * MR series of `slices` slices (phantoms of four contrasts, as the end-to-end study), laid out as
 * PACS exports often are: patient/study folders, and every fifth series split over two folders.
 * Beyond 100 series the first 100 are written again with new UIDs (same length, so the files stay
 * valid): copy c of every file has its series, study and instance UIDs changed, and lives under its
 * own patient folders.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { el, makeMrSeries, newUid } from '../../extension/src/testing/dicomFixtures';

export interface ArchiveSpec {
  series: number;
  slices: number;
  /** Rows = columns. */
  size: number;
}

/** Tissue intensities [background, scalp, white matter, grey matter, CSF] per contrast. */
const CONTRASTS = [
  [0, 900, 1400, 1000, 300],
  [0, 500, 700, 1100, 2400],
  [0, 100, 900, 1000, 150],
  [0, 800, 1300, 1100, 1200],
];

function phantom(c: number[], size: number, slices: number) {
  return (_v: number, k: number, r: number, col: number): number => {
    const y = (r - size / 2) / (size * 0.42);
    const x = (col - size / 2) / (size * 0.34);
    const z = (k - slices / 2) / (slices * 0.7);
    const d = x * x + y * y + z * z;
    if (d > 1) return c[0];
    if (d > 0.82) return c[1];
    if (Math.abs(col - size / 2) < size * 0.05 && Math.abs(r - size / 2) < size * 0.14) return c[4];
    return d > 0.6 ? c[3] : c[2];
  };
}

/** Series written with the DICOM writer; copies of them make up the rest. */
const BASE_SERIES = 100;

/** Write the archive under `dir`; returns the number of files written. */
export function writeArchive(dir: string, spec: ArchiveSpec): number {
  let files = 0;
  const written: string[] = [];
  for (let s = 0; s < Math.min(spec.series, BASE_SERIES); s++) {
    const patient = Math.floor(s / 10);
    const study = path.join(dir, `patient${String(patient).padStart(3, '0')}`, 'study1');
    const series = makeMrSeries({
      rows: spec.size,
      cols: spec.size,
      slices: spec.slices,
      seriesInstanceUID: newUid(),
      studyInstanceUID: `2.25.99${patient}`,
      seriesNumber: (s % 10) + 1,
      seriesDescription: `series ${s % 10}`,
      pixelSpacing: [230 / spec.size, 230 / spec.size],
      sliceSpacing: 3,
      extraTags: { '00100020': el('LO', `ARCHIVE${patient}`) },
      pixelValue: phantom(CONTRASTS[s % 4], spec.size, spec.slices),
    });
    series.forEach((bytes, k) => {
      const split = s % 5 === 4 && k >= spec.slices / 2;
      const folder = path.join(study, `series${s % 10}${split ? '-part2' : ''}`);
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `IM${String(k + 1).padStart(5, '0')}.dcm`);
      writeFileSync(file, bytes);
      written.push(file);
      files++;
    });
  }
  const copies = Math.ceil(spec.series / BASE_SERIES) - 1;
  if (copies > 8) throw new Error('at most 900 series');
  for (let c = 1; c <= copies; c++) {
    for (const file of written) {
      const text = Buffer.from(readFileSync(file)).toString('latin1');
      // Same-length substitutions: instance and series UIDs (newUid's 2.25.7700 root) and study UIDs.
      const copy = text.replaceAll('2.25.7700', `2.25.77${c}0`).replaceAll('2.25.99', `2.25.9${c}`);
      const target = file.replace(`${dir}${path.sep}patient0`, `${dir}${path.sep}patient${c}`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(copy, 'latin1'));
      files++;
    }
  }
  return files;
}
