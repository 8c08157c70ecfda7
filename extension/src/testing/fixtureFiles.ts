/**
 * Raw datasets behind dicomFixtures.ts: one classic MR file per slice, one Enhanced MR multi-frame file,
 * or one Siemens mosaic per volume.
 */
import { type ResolvedSpec, mosaicPosition, slicePosition, storedValue } from './fixtureSpec';
import { type El, type RawDict, SOP_CLASS, TS, el, newUid } from './dicomWriter';
import { type Encoders, encodeFrame } from './frameEncoders';

const NATIVE: string[] = [TS.implicitLE, TS.explicitLE, TS.deflated, TS.bigEndian];

/**
 * Stored values of one slice as unsigned bit patterns (or floats for FloatPixelData). Colour images
 * (SamplesPerPixel > 1) repeat the grey value in every sample, pixel-interleaved.
 */
function sliceValues(s: ResolvedSpec, volume: number, slice: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const v = storedValue(s, volume, slice, r, c);
      const bits = s.floatPixels ? v : s.bitsAllocated === 32 ? v >>> 0 : v & (2 ** s.bitsAllocated - 1);
      for (let k = 0; k < s.samplesPerPixel; k++) out.push(bits);
    }
  }
  return out;
}

/** The pixel data element for frames of stored values (native packing or one encoded item per frame). */
export function pixelElement(s: ResolvedSpec, frames: number[][], shape: { rows: number; cols: number }, encoders: Encoders): [string, El] {
  if (s.floatPixels) return ['7FE00008', el('OF', new Float32Array(frames.flat()).buffer)];
  if (NATIVE.includes(s.transferSyntax)) {
    const flat = frames.flat();
    const data = s.bitsAllocated === 8 ? new Uint8Array(flat) : s.bitsAllocated === 16 ? new Uint16Array(flat) : new Uint32Array(flat);
    return ['7FE00010', el(s.bitsAllocated === 8 ? 'OB' : 'OW', data.buffer)];
  }
  const frameShape = { ...shape, bitsAllocated: s.bitsAllocated, bitsStored: s.bitsStored, samplesPerPixel: s.samplesPerPixel };
  const encoded = frames.map((f) => {
    const bytes = encodeFrame(s.transferSyntax, f, frameShape, encoders) ?? new Uint8Array(new Uint16Array(f).buffer);
    return bytes.slice().buffer;
  });
  return ['7FE00010', el('OB', ...encoded)];
}

function bValueTags(s: ResolvedSpec, b: number): RawDict {
  switch (s.bValueTag ?? 'standard') {
    case 'siemens':
      return { '00190010': el('LO', 'SIEMENS MR HEADER'), '0019100C': el('IS', b) };
    case 'ge':
      return { '00430010': el('LO', 'GEMS_PARM_01'), '00431039': el('IS', 1e9 + b, 8, 0, 0) };
    case 'philips':
      return { '20010010': el('LO', 'Philips Imaging DD 001'), '20011003': el('FL', b) };
    default:
      return { '00189087': el('FD', b) };
  }
}

/** Tags common to every file of the series (patient/study/series, acquisition, image pixel module). */
function commonTags(s: ResolvedSpec, rows: number, cols: number): RawDict {
  const d: RawDict = {
    '00080008': el('CS', ...(s.imageType ?? ['ORIGINAL', 'PRIMARY', 'M', 'ND'])),
    '00080016': el('UI', s.sopClassUID ?? (s.enhanced ? SOP_CLASS.enhancedMr : SOP_CLASS.mr)),
    '00080060': el('CS', s.modality),
    '00100010': el('PN', { Alphabetic: 'Test^Fixture' }),
    '00100020': el('LO', 'FIXTURE'),
    '0020000D': el('UI', s.studyInstanceUID),
    '0020000E': el('UI', s.seriesInstanceUID),
    '00200011': el('IS', s.seriesNumber ?? 1),
    '00280002': el('US', s.samplesPerPixel),
    '00280004': el('CS', s.photometric),
    '00280010': el('US', rows),
    '00280011': el('US', cols),
    '00280100': el('US', s.bitsAllocated),
    '00280101': el('US', s.bitsStored),
    '00280102': el('US', s.bitsStored - 1),
    '00280103': el('US', s.pixelRepresentation),
  };
  if (s.samplesPerPixel > 1) d['00280006'] = el('US', 0);
  const opt: Array<[string, string, unknown]> = [
    ['00080070', 'LO', s.manufacturer],
    ['0008103E', 'LO', s.seriesDescription],
    ['00180010', 'LO', s.contrastBolusAgent],
    ['00180015', 'CS', s.bodyPartExamined],
    ['00180023', 'CS', s.mrAcquisitionType],
    ['00181030', 'LO', s.protocolName],
  ];
  for (const [tag, vr, v] of opt) if (v !== undefined) d[tag] = el(vr, v);
  const scanning = s.scanningSequence ?? (s.bValueTag === 'ge' ? ['EP', 'SE'] : undefined);
  if (scanning) d['00180020'] = el('CS', ...scanning);
  if (s.sequenceVariant) d['00180021'] = el('CS', ...s.sequenceVariant);
  if (s.scanOptions) d['00180022'] = el('CS', ...s.scanOptions);
  return d;
}

function geometryTags(s: ResolvedSpec): RawDict {
  const d: RawDict = { '00180050': el('DS', s.sliceSpacing), '00180088': el('DS', s.sliceSpacing) };
  if (s.orientation !== null) d['00200037'] = el('DS', ...(s.orientation ?? [1, 0, 0, 0, 1, 0]));
  if (s.pixelSpacing !== null) d['00280030'] = el('DS', ...(s.pixelSpacing ?? [1, 1]));
  return d;
}

function timingTags(s: ResolvedSpec, volume: number): RawDict {
  const d: RawDict = {};
  const te = s.echoTimes?.[volume] ?? s.echoTime;
  if (s.repetitionTime !== undefined) d['00180080'] = el('DS', s.repetitionTime);
  if (te !== undefined) d['00180081'] = el('DS', te);
  if (s.inversionTime !== undefined) d['00180082'] = el('DS', s.inversionTime);
  if (s.flipAngle !== undefined) d['00181314'] = el('DS', s.flipAngle);
  if (s.sequenceName !== undefined) d['00180024'] = el('SH', s.sequenceName);
  if (s.rescale) {
    d['00281052'] = el('DS', s.rescale.intercept);
    d['00281053'] = el('DS', s.rescale.slope);
  }
  return d;
}

function volumeTags(s: ResolvedSpec, volume: number): RawDict {
  const b = s.bValues?.[volume];
  if (b !== undefined) return bValueTags(s, b);
  if (s.volumes > 1 && !s.echoTimes) return { '00200100': el('IS', volume + 1) };
  return {};
}

export function buildClassicFile(s: ResolvedSpec, volume: number, slice: number, encoders: Encoders): RawDict {
  const index = volume * s.slices + slice;
  const d: RawDict = { ...commonTags(s, s.rows, s.cols), ...geometryTags(s), ...timingTags(s, volume), ...volumeTags(s, volume) };
  d['00080018'] = el('UI', newUid());
  d['00200013'] = el('IS', s.instanceNumbers?.[index] ?? index + 1);
  const pos = slicePosition(s, slice);
  if (pos) d['00200032'] = el('DS', ...pos);
  if (!s.omitPixelData) {
    const [tag, value] = pixelElement(s, [sliceValues(s, volume, slice)], s, encoders);
    d[tag] = value;
  }
  return { ...d, ...(s.extraTags ?? {}) };
}

export function buildEnhancedFile(s: ResolvedSpec, encoders: Encoders): RawDict {
  const d: RawDict = { ...commonTags(s, s.rows, s.cols) };
  d['00080018'] = el('UI', newUid());
  d['00200013'] = el('IS', 1);
  d['00280008'] = el('IS', s.volumes * s.slices);
  if (s.sequenceName !== undefined) d['00189005'] = el('SH', s.sequenceName);
  const rescaleItem = { '00281052': el('DS', s.rescale?.intercept ?? 0), '00281053': el('DS', s.rescale?.slope ?? 1), '00281054': el('LO', 'US') };
  const shared: RawDict = {
    '00289110': el('SQ', { '00280030': el('DS', ...(s.pixelSpacing ?? [1, 1])), '00180050': el('DS', s.sliceSpacing) }),
    '00189112': el('SQ', { '00180080': el('DS', s.repetitionTime ?? 500), '00181314': el('DS', s.flipAngle ?? 90) }),
  };
  if (s.orientation !== null) shared['00209116'] = el('SQ', { '00200037': el('DS', ...(s.orientation ?? [1, 0, 0, 0, 1, 0])) });
  if (!s.rescalePerFrame) shared['00289145'] = el('SQ', rescaleItem);
  if (!s.echoTimes && s.echoTime !== undefined) shared['00189114'] = el('SQ', { '00189082': el('FD', s.echoTime) });
  if (s.inversionTime !== undefined) shared['00189115'] = el('SQ', { '00189079': el('FD', s.inversionTime) });
  const perFrame: RawDict[] = [];
  const frames: number[][] = [];
  for (let v = 0; v < s.volumes; v++) {
    for (let k = 0; k < s.slices; k++) {
      const item: RawDict = {
        '00209111': el('SQ', { '00209057': el('UL', k + 1), '00209128': el('UL', v + 1), '00209157': el('UL', v + 1, k + 1) }),
      };
      const pos = slicePosition(s, k);
      if (pos) item['00209113'] = el('SQ', { '00200032': el('DS', ...pos) });
      if (s.rescalePerFrame) item['00289145'] = el('SQ', rescaleItem);
      if (s.bValues) item['00189117'] = el('SQ', { '00189087': el('FD', s.bValues[v]), '00189075': el('CS', 'ISOTROPIC') });
      if (s.echoTimes) item['00189114'] = el('SQ', { '00189082': el('FD', s.echoTimes[v]) });
      perFrame.push(item);
      frames.push(sliceValues(s, v, k));
    }
  }
  d['52009229'] = el('SQ', shared);
  d['52009230'] = el('SQ', ...perFrame);
  if (!s.omitPixelData) {
    const [tag, value] = pixelElement(s, frames, s, encoders);
    d[tag] = value;
  }
  return { ...d, ...(s.extraTags ?? {}) };
}

export function buildMosaicFile(s: ResolvedSpec, volume: number, encoders: Encoders): RawDict {
  const perRow = Math.ceil(Math.sqrt(s.slices));
  const rows = s.rows * perRow;
  const cols = s.cols * perRow;
  const mosaic = new Array<number>(rows * cols).fill(0);
  for (let k = 0; k < s.slices; k++) {
    const values = sliceValues(s, volume, k);
    const r0 = Math.floor(k / perRow) * s.rows;
    const c0 = (k % perRow) * s.cols;
    for (let r = 0; r < s.rows; r++) for (let c = 0; c < s.cols; c++) mosaic[(r0 + r) * cols + c0 + c] = values[r * s.cols + c];
  }
  const d: RawDict = { ...commonTags(s, rows, cols), ...geometryTags(s), ...timingTags(s, volume), ...volumeTags(s, volume) };
  d['00080008'] = el('CS', 'ORIGINAL', 'PRIMARY', 'M', 'ND', 'MOSAIC');
  d['00080018'] = el('UI', newUid());
  d['00200013'] = el('IS', volume + 1);
  d['00190010'] = el('LO', 'SIEMENS MR HEADER');
  d['0019100A'] = el('US', s.slices);
  const first = slicePosition(s, 0);
  if (first) d['00200032'] = el('DS', ...mosaicPosition(s, first, rows, cols));
  const [tag, value] = pixelElement(s, [mosaic], { rows, cols }, encoders);
  d[tag] = value;
  return { ...d, ...(s.extraTags ?? {}) };
}
