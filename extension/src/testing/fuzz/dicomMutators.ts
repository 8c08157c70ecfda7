/**
 * DICOM-aware mutations (on top of the byte-level ones): corrupt a length field or a VR, duplicate
 * or delete an element, rewrite a value that drives allocation or decoding (Rows, Columns,
 * NumberOfFrames, BitsAllocated, the transfer syntax…) with an extreme one, truncate at an element,
 * and damage the codestream header inside an encapsulated fragment (a JPEG or JPEG 2000 frame that
 * claims to be 65535 pixels wide).
 */
import { type Mutation, splice } from './mutators';
import type { Rng } from './rng';
import { type WalkedElement, walkDicom } from './dicomWalk';

const VRS = ['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'FD', 'FL', 'IS', 'LO', 'OB', 'OW', 'OF', 'SQ', 'SH', 'SL', 'SS', 'UI', 'UL', 'UN', 'US', 'UT', 'PN', 'XX', '\0\0'];
const LENGTHS_16 = [0, 1, 2, 3, 0xfffe, 0xffff];
const LENGTHS_32 = [0, 1, 3, 0x7fffffff, 0xfffffffe, 0xffffffff, 0x10000];

const TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.100', '1.2.3.4', '',
];

/** Values that drive allocation, loops or decoding, with extreme replacements. */
const TARGETS: Record<string, { vr: string; values: readonly (string | number)[] }> = {
  '00280010': { vr: 'US', values: [0, 1, 0xffff, 0x8000, 4097] }, // Rows
  '00280011': { vr: 'US', values: [0, 1, 0xffff, 0x8000, 4097] }, // Columns
  '00280100': { vr: 'US', values: [0, 1, 12, 24, 64, 255, 0xffff] }, // BitsAllocated
  '00280101': { vr: 'US', values: [0, 1, 7, 17, 33, 0xffff] }, // BitsStored
  '00280102': { vr: 'US', values: [0, 0xffff] }, // HighBit
  '00280103': { vr: 'US', values: [1, 2, 0xffff] }, // PixelRepresentation
  '00280002': { vr: 'US', values: [0, 2, 3, 0xffff] }, // SamplesPerPixel
  '00280006': { vr: 'US', values: [1, 0xffff] }, // PlanarConfiguration
  '00280008': { vr: 'IS', values: ['0', '-1', '2', '1000', '2147483648', '4294967297', '99999999999', '1e9', 'NaN', '3\\4'] }, // NumberOfFrames
  '0019100A': { vr: 'US', values: [0, 2, 3, 1000, 0xffff] }, // Siemens NumberOfImagesInMosaic
  '00281053': { vr: 'DS', values: ['0', 'NaN', '1e308', '-1e308', 'Infinity', ''] }, // RescaleSlope
  '00281052': { vr: 'DS', values: ['NaN', '1e308', ''] }, // RescaleIntercept
  '00200013': { vr: 'IS', values: ['', '-2147483648', '2147483648', 'x'] }, // InstanceNumber
  '00200032': { vr: 'DS', values: ['', 'NaN\\NaN\\NaN', '1e308\\0\\0', '1', '0\\0\\0\\0\\0'] }, // ImagePositionPatient
  '00200037': { vr: 'DS', values: ['', '0\\0\\0\\0\\0\\0', '1\\0\\0\\1\\0\\0', 'NaN\\0\\0\\0\\1\\0', '1\\0'] }, // ImageOrientationPatient
  '00280030': { vr: 'DS', values: ['', '0\\0', '-1\\-1', 'NaN', '1e-308\\1e308'] }, // PixelSpacing
  '00189087': { vr: 'FD', values: [NaN, -1, 1e308, Infinity] }, // DiffusionBValue
  '00080060': { vr: 'CS', values: ['', 'CT', 'MR\\CT', 'mr'] }, // Modality
  '00280004': { vr: 'CS', values: ['', 'RGB', 'YBR_FULL_422', 'PALETTE COLOR', 'MONOCHROME1', 'X'] }, // PhotometricInterpretation
  '0020000E': { vr: 'UI', values: ['', '1.2', '9'.repeat(64)] }, // SeriesInstanceUID
  '00020010': { vr: 'UI', values: TRANSFER_SYNTAXES }, // TransferSyntaxUID
};

function encodeValue(vr: string, value: string | number): Uint8Array {
  if (vr === 'US') return new Uint8Array([Number(value) & 0xff, (Number(value) >> 8) & 0xff]);
  if (vr === 'FD') {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, Number(value), true);
    return out;
  }
  let text = String(value);
  if (text.length % 2) text += vr === 'UI' ? '\0' : ' ';
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

/** One element's bytes: explicit VR (2-byte length) or implicit VR (4-byte length). */
export function encodeElement(tag: string, vr: string, value: Uint8Array, explicit: boolean): Uint8Array {
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4), 16);
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, element, true);
  if (explicit) {
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
    view.setUint16(6, value.length, true);
  } else {
    view.setUint32(4, value.length, true);
  }
  out.set(value, 8);
  return out;
}

export interface DicomLayout {
  /** Dataset is explicit VR little endian (true), implicit VR little endian (false), or not walkable (null: deflated, big endian). */
  explicit: boolean | null;
}

function elementsOf(bytes: Uint8Array, layout: DicomLayout): WalkedElement[] {
  if (layout.explicit === null) return walkDicom(bytes, true).filter((e) => e.meta);
  return walkDicom(bytes, layout.explicit);
}

function corruptLength(bytes: Uint8Array, el: WalkedElement, rng: Rng): Mutation {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const declared = el.length;
  let v: number;
  if (el.lengthSize === 2) {
    v = rng.chance(0.5) ? rng.pick(LENGTHS_16) : (declared + rng.range(-4, 4)) & 0xffff;
    view.setUint16(el.lengthAt, v, true);
  } else {
    v = rng.chance(0.5) ? rng.pick(LENGTHS_32) : (declared + rng.range(-4, 4)) >>> 0;
    view.setUint32(el.lengthAt, v, true);
  }
  return { bytes: out, what: `length of ${el.tag} (depth ${el.depth}) ${declared} -> ${v}` };
}

function corruptVr(bytes: Uint8Array, el: WalkedElement, rng: Rng): Mutation {
  const out = bytes.slice();
  const vr = rng.pick(VRS);
  out[el.start + 4] = vr.charCodeAt(0);
  out[el.start + 5] = vr.charCodeAt(1);
  return { bytes: out, what: `VR of ${el.tag} ${el.vr} -> ${JSON.stringify(vr)}` };
}

function setValue(bytes: Uint8Array, elements: WalkedElement[], layout: DicomLayout, rng: Rng): Mutation {
  const tag = rng.pick(Object.keys(TARGETS));
  const target = TARGETS[tag];
  const value = rng.pick(target.values);
  const meta = tag.startsWith('0002');
  const explicit = meta || layout.explicit !== false;
  if (!meta && layout.explicit === null) return { bytes, what: 'nothing (dataset not walkable)' };
  const encoded = encodeElement(tag, target.vr, encodeValue(target.vr, value), explicit);
  const existing = elements.find((e) => e.tag === tag && e.depth === 0 && e.meta === meta);
  const what = `${tag} = ${JSON.stringify(value)}`;
  if (existing) return { bytes: splice(bytes, existing.start, existing.end - existing.start, encoded), what };
  if (meta) return { bytes, what: 'nothing (no such meta element)' };
  // Absent: insert before the first top-level element with a larger tag (the pixel data at the latest).
  const after = elements.find((e) => !e.meta && e.depth === 0 && e.tag > tag);
  const at = after ? after.start : bytes.length;
  return { bytes: splice(bytes, at, 0, encoded), what: `${what} (inserted)` };
}

/** A JPEG SOF or JPEG 2000 SIZ inside a fragment claims a huge frame. */
function hugeCodestream(bytes: Uint8Array, elements: WalkedElement[], rng: Rng): Mutation | null {
  const fragments = elements.filter((e) => e.tag === 'FFFEE000' && e.length > 16 && e.length !== 0xffffffff);
  for (const f of rng.chance(0.5) ? fragments : [...fragments].reverse()) {
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    for (let i = f.valueAt; i + 12 < f.end; i++) {
      if (out[i] !== 0xff) continue;
      const m = out[i + 1];
      const sof = (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;
      if (sof) {
        view.setUint16(i + 5, rng.pick([0xffff, 0x8000, 0]), false);
        view.setUint16(i + 7, rng.pick([0xffff, 0x8000, 1]), false);
        return { bytes: out, what: `JPEG frame header at ${i} claims ${view.getUint16(i + 7, false)}x${view.getUint16(i + 5, false)}` };
      }
      if (m === 0x51 && out[i - 2] === 0xff && out[i - 1] === 0x4f) {
        view.setUint32(i + 6, rng.pick([0xffffffff, 0x10000, 0x7fffffff]), false);
        view.setUint32(i + 10, rng.pick([0xffffffff, 0x10000, 1]), false);
        return { bytes: out, what: `JPEG 2000 SIZ at ${i} claims a huge image` };
      }
    }
  }
  return null;
}

/** Flip bits inside the payload of one encapsulated fragment (codec robustness). */
function damageFragment(bytes: Uint8Array, elements: WalkedElement[], rng: Rng): Mutation | null {
  const fragments = elements.filter((e) => e.tag === 'FFFEE000' && e.length > 0 && e.length !== 0xffffffff && e.depth > 0);
  if (!fragments.length) return null;
  const f = rng.pick(fragments);
  const out = bytes.slice();
  const n = rng.range(1, 16);
  for (let i = 0; i < n; i++) out[f.valueAt + rng.int(f.end - f.valueAt)] ^= 1 << rng.int(8);
  return { bytes: out, what: `flip ${n} bit(s) in the fragment at ${f.start}` };
}

/** One DICOM-aware mutation; falls back to nothing structural when the walk found no element. */
export function dicomMutation(bytes: Uint8Array, layout: DicomLayout, rng: Rng): Mutation | null {
  const elements = elementsOf(bytes, layout);
  if (elements.length === 0) return null;
  const el = rng.pick(elements);
  switch (rng.int(9)) {
    case 0:
      return corruptLength(bytes, el, rng);
    case 1:
      return el.vr ? corruptVr(bytes, el, rng) : corruptLength(bytes, el, rng);
    case 2: {
      const to = rng.chance(0.5) ? el.end : rng.pick(elements).start;
      return { bytes: splice(bytes, to, 0, bytes.slice(el.start, el.end)), what: `duplicate ${el.tag} at ${to}` };
    }
    case 3:
      return { bytes: splice(bytes, el.start, el.end - el.start), what: `delete ${el.tag} (depth ${el.depth})` };
    case 4:
    case 5:
      return setValue(bytes, elements, layout, rng);
    case 6: {
      const at = rng.chance(0.5) ? el.start : rng.range(el.valueAt, Math.max(el.valueAt, el.end - 1));
      return { bytes: bytes.slice(0, at), what: `truncate at ${at} (in ${el.tag})` };
    }
    case 7:
      return hugeCodestream(bytes, elements, rng) ?? setValue(bytes, elements, layout, rng);
    default:
      return damageFragment(bytes, elements, rng) ?? corruptLength(bytes, el, rng);
  }
}

/** Rows and Columns both 65535 and NumberOfFrames 2^31: a frame count and size no file can hold. */
export function hugeDeclaredFrame(bytes: Uint8Array, layout: DicomLayout): Uint8Array {
  if (layout.explicit === null) throw new Error('hugeDeclaredFrame needs a walkable dataset');
  let out = bytes;
  for (const [tag, vr, value] of [
    ['00280010', 'US', 0xffff],
    ['00280011', 'US', 0xffff],
    ['00280008', 'IS', '2147483648'],
  ] as const) {
    const elements = walkDicom(out, layout.explicit);
    const encoded = encodeElement(tag, vr, encodeValue(vr, value), layout.explicit);
    const existing = elements.find((e) => e.tag === tag && e.depth === 0 && !e.meta);
    if (existing) out = splice(out, existing.start, existing.end - existing.start, encoded);
    else {
      const after = elements.find((e) => !e.meta && e.depth === 0 && e.tag > tag);
      out = splice(out, after ? after.start : out.length, 0, encoded);
    }
  }
  return out;
}
