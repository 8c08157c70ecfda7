/**
 * The bad-input corpus: series the tests write themselves (no downloads), each with the outcome the
 * command line (`mrseq classify --format json`) and the viewer (ClassifierService over cornerstone
 * images, see fakeViewer.ts) must give. A case is one series' files (plus broken files where the case
 * is about them). Outcomes are a label, or a reason a person can read; never a crash, and nothing but
 * a confidently classified series may be hung in a viewport.
 *
 *   for (const c of BAD_INPUT_CASES) { const files = await c.build(); ... expect(...).toMatchObject(c.cli) }
 */
import { SOP_CLASS, TS, makeMrSeries, makeMrSeriesAsync, makeNonImageDicom, type MrSeriesSpec } from './dicomFixtures';

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
}

/** 'decision': the model decided, i.e. status 'classified' (a label) or 'unknown' (with a reason). */
export type Status = 'classified' | 'unknown' | 'unclassified' | 'skipped';

export interface CliExpectation {
  /** No series at all in the report (every file is a failure). */
  noSeries?: boolean;
  /** Allowed statuses of the one series (the fixture model has random weights: a decision may be either). */
  status?: Status[];
  /** Exact reason when the series is not classified. */
  reason?: string;
  /** Exact final label (when the header decides it, e.g. a localizer is OTHER whatever the pixels say). */
  label?: string;
  /** Files listed as failures, and a pattern each reason must match. */
  failures: number;
  failureReason?: RegExp;
  numSlices?: number;
  numVolumes?: number;
  /** b-value of the volume classified. */
  bValue?: number;
  /** A warning the series must carry. */
  warning?: RegExp;
}

export interface ViewerExpectation {
  /** Service entry status: skipped before loading, done (with a result), or failed. */
  entry: 'skipped' | 'done' | 'failed';
  /** Worker result status when done. */
  status?: Status[];
  /** Exact entry message (skipped) or result reason (done, not classified), or a pattern (failed). */
  message?: string | RegExp;
  label?: string;
  bValue?: number;
}

export interface BadInputCase {
  id: string;
  /** What the case is, in words. */
  what: string;
  build(): Promise<CorpusFile[]>;
  cli: CliExpectation;
  /** null: no display set in the viewer (nothing there is an image series). */
  viewer: ViewerExpectation | null;
  /** Same pixels in modality units as this other case: probabilities must match it. */
  samePixelsAs?: string;
}

const DECISION: Status[] = ['classified', 'unknown'];

/** A head-like disc whose radius follows the slice; values up to ~250, bright enough to be "anatomy". */
export const disc =
  (size: number) =>
  (_v: number, z: number, r: number, c: number): number =>
    (r - size / 2) ** 2 + (c - size / 2) ** 2 < (size / 3 + z) ** 2 ? 200 + ((r * 5 + c * 3 + z) % 40) : 5;

function named(prefix: string, files: Uint8Array[]): CorpusFile[] {
  return files.map((bytes, i) => ({ name: `${prefix}${String(i + 1).padStart(3, '0')}.dcm`, bytes }));
}

const base = (spec: MrSeriesSpec = {}): MrSeriesSpec => ({ rows: 32, cols: 32, slices: 5, pixelValue: disc(32), ...spec });
const series = (id: string, spec: MrSeriesSpec) => async () => named(id, makeMrSeries(base({ seriesDescription: id, ...spec })));
const seriesAsync = (id: string, spec: MrSeriesSpec) => async () => named(id, await makeMrSeriesAsync(base({ seriesDescription: id, ...spec })));

const skippedModality = (modality: string, sop: string): BadInputCase => ({
  id: `modality-${modality.toLowerCase()}`,
  what: `${modality} series`,
  build: series(`modality-${modality.toLowerCase()}`, { modality, sopClassUID: sop, slices: 3 }),
  cli: { status: ['skipped'], reason: `skipped: ${modality}`, failures: 0 },
  viewer: { entry: 'skipped', message: `skipped: ${modality} (not MR)` },
});

/** Compressed copies of `reference`: lossless, so the same pixels and probabilities. */
const compressed = (label: string, ts: string): BadInputCase => ({
  id: `compressed-${label}`,
  what: `transfer syntax ${label} (${ts})`,
  build: seriesAsync('reference', { transferSyntax: ts, bitsStored: 12 }),
  cli: { status: DECISION, failures: 0, numSlices: 5 },
  viewer: { entry: 'done', status: DECISION },
  samePixelsAs: 'reference',
});

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  {
    id: 'reference',
    what: 'a plain 5-slice MR series (what the others are compared with)',
    build: series('reference', { bitsStored: 12 }),
    cli: { status: DECISION, failures: 0, numSlices: 5, numVolumes: 1 },
    viewer: { entry: 'done', status: DECISION },
  },
  skippedModality('CT', SOP_CLASS.ct),
  skippedModality('PT', '1.2.840.10008.5.1.4.1.1.128'),
  skippedModality('US', '1.2.840.10008.5.1.4.1.1.6.1'),
  {
    id: 'structured-report',
    what: 'a structured report (no pixels)',
    build: async () => [{ name: 'sr.dcm', bytes: makeNonImageDicom('sr') }],
    cli: { noSeries: true, failures: 1, failureReason: /^not an image: Basic Text SR$/ },
    viewer: { entry: 'skipped', message: 'skipped: not an image series' },
  },
  {
    id: 'one-slice',
    what: 'a series of one slice',
    build: series('one-slice', { slices: 1 }),
    // the command line labels the slice, flagged; the viewer hangs only series of 2 slices or more
    cli: { status: DECISION, failures: 0, numSlices: 1, warning: /^single-slice decision: the label rests on one slice/m },
    viewer: { entry: 'done', status: ['unclassified'], message: 'unclassified: 1 slice, too few to classify (needs 2)' },
  },
  {
    id: 'localizer',
    what: 'a 3-slice scout (ImageType LOCALIZER, "localizer" description, short TR/TE)',
    build: series('localizer', {
      slices: 3,
      seriesDescription: 'localizer',
      imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
      repetitionTime: 8.6,
      echoTime: 4,
      flipAngle: 20,
      orientation: [0, 1, 0, 0, 0, -1],
    }),
    cli: { status: ['classified'], label: 'OTHER', failures: 0, numSlices: 3 },
    viewer: { entry: 'done', status: ['classified'], label: 'OTHER' },
  },
  {
    id: 'rgb',
    what: 'an RGB secondary capture',
    build: series('rgb', { samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8, pixelValue: undefined }),
    cli: { status: ['unclassified'], reason: 'unclassified: RGB image', failures: 0 },
    viewer: { entry: 'done', status: ['unclassified'], message: 'unclassified: RGB image' },
  },
  {
    id: 'enhanced',
    what: 'an Enhanced MR multi-frame file of 6 frames',
    build: series('enhanced', { enhanced: true, slices: 6 }),
    cli: { status: DECISION, failures: 0, numSlices: 6 },
    viewer: { entry: 'done', status: DECISION },
  },
  {
    id: 'diffusion-4d',
    what: 'diffusion with b0 and b1000 volumes in one series',
    build: series('diffusion-4d', { bValues: [0, 1000], slices: 4 }),
    cli: { status: DECISION, failures: 0, numVolumes: 2, numSlices: 8, bValue: 1000 },
    viewer: { entry: 'done', status: DECISION, bValue: 1000 },
  },
  {
    id: 'no-geometry',
    what: 'no PixelSpacing, ImageOrientationPatient or ImagePositionPatient',
    build: series('no-geometry', { pixelSpacing: null, orientation: null, positions: null }),
    cli: { status: DECISION, failures: 0, numSlices: 5, warning: /PixelSpacing/ },
    viewer: { entry: 'done', status: DECISION },
  },
  {
    id: 'signed',
    what: 'signed 16-bit pixels (PixelRepresentation 1) shifted by -2048 and rescaled back',
    build: series('reference', {
      pixelRepresentation: 1,
      bitsStored: 16,
      rescale: { slope: 1, intercept: 2048 },
      pixelValue: (v, z, r, c) => disc(32)(v, z, r, c) - 2048,
    }),
    cli: { status: DECISION, failures: 0, numSlices: 5 },
    viewer: { entry: 'done', status: DECISION },
    samePixelsAs: 'reference',
  },
  {
    id: 'float',
    what: 'FloatPixelData (32-bit float pixels)',
    build: series('reference', { floatPixels: true }),
    cli: { status: DECISION, failures: 0, numSlices: 5 },
    viewer: { entry: 'done', status: DECISION },
    samePixelsAs: 'reference',
  },
  {
    id: 'monochrome1',
    what: 'MONOCHROME1 (inverted grey scale) storing the inverse of the reference',
    build: series('reference', { photometric: 'MONOCHROME1', bitsStored: 12, pixelValue: (v, z, r, c) => 4095 - disc(32)(v, z, r, c) }),
    cli: { status: DECISION, failures: 0, numSlices: 5 },
    viewer: { entry: 'done', status: DECISION },
    samePixelsAs: 'reference',
  },
  compressed('rle', TS.rle),
  compressed('jpeg-lossless', TS.jpegLosslessSV1),
  compressed('jpeg-ls', TS.jpegLs),
  compressed('j2k-lossless', TS.j2kLossless),
  {
    id: 'matrix-1024',
    what: 'a 1024x1024 matrix',
    build: async () => named('matrix-1024', makeMrSeries({ rows: 1024, cols: 1024, slices: 3, seriesDescription: 'matrix-1024', pixelValue: disc(1024) })),
    cli: { status: DECISION, failures: 0, numSlices: 3 },
    viewer: { entry: 'done', status: DECISION },
  },
  {
    id: 'all-zero',
    what: 'every slice all zero',
    build: series('all-zero', { pixelValue: () => 0 }),
    cli: { status: ['unclassified'], reason: 'unclassified: all 5 slices are empty', failures: 0 },
    viewer: { entry: 'done', status: ['unclassified'], message: 'unclassified: all 5 slices are empty' },
  },
  {
    id: 'one-truncated',
    what: 'one of 5 files cut short in its pixel data',
    build: async () => {
      const files = named('one-truncated', makeMrSeries(base({ seriesDescription: 'one-truncated' })));
      files[2] = { ...files[2], bytes: files[2].bytes.subarray(0, files[2].bytes.length - 300) };
      return files;
    },
    cli: { status: DECISION, failures: 1, failureReason: /^truncated pixel data/, numSlices: 4 },
    viewer: { entry: 'done', status: DECISION },
  },
  {
    id: 'all-truncated',
    what: 'every file cut short in its pixel data',
    build: async () =>
      named('all-truncated', makeMrSeries(base({ seriesDescription: 'all-truncated', slices: 3 }))).map((f) => ({ ...f, bytes: f.bytes.subarray(0, f.bytes.length - 1500) })),
    cli: { noSeries: true, failures: 3, failureReason: /truncated/ },
    viewer: { entry: 'failed', message: /^could not classify: none of 3 images could be loaded \(.*truncated/ },
  },
  {
    id: 'corrupt',
    what: 'garbage after a DICM marker, and a file that is not DICOM',
    build: async () => {
      const garbage = new Uint8Array(4000);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
      garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
      return [
        { name: 'garbage.dcm', bytes: garbage },
        { name: 'zeros.dcm', bytes: new Uint8Array(1000) },
      ];
    },
    cli: { noSeries: true, failures: 2 },
    viewer: null,
  },
];
