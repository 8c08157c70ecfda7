/**
 * Test-only DICOM writing on top of dcmjs: raw elements, a Part 10 file from a raw dataset in any
 * transfer syntax dcmjs can write (plus deflated and big endian, which need a little help).
 */
import dcmjs from 'dcmjs';
import { deflateSync } from 'fflate';

/** Transfer syntax UIDs by short name. */
export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  bigEndian: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  jpegLs: '1.2.840.10008.1.2.4.80',
  jpegLsNear: '1.2.840.10008.1.2.4.81',
  j2kLossless: '1.2.840.10008.1.2.4.90',
  j2k: '1.2.840.10008.1.2.4.91',
  mpeg2: '1.2.840.10008.1.2.4.100',
} as const;

export const SOP_CLASS = {
  mr: '1.2.840.10008.5.1.4.1.1.4',
  enhancedMr: '1.2.840.10008.5.1.4.1.1.4.1',
  ct: '1.2.840.10008.5.1.4.1.1.2',
  basicTextSr: '1.2.840.10008.5.1.4.1.1.88.11',
  grayscalePresentationState: '1.2.840.10008.5.1.4.1.1.11.1',
} as const;

/** A raw dcmjs element. */
export interface El {
  vr: string;
  Value: unknown[];
}
export type RawDict = Record<string, El>;

/** Shorthand for a raw element: el('US', 8), el('DS', 1, 0, 0), el('SQ', item1, item2). */
export function el(vr: string, ...values: unknown[]): El {
  return { vr, Value: values };
}

let uidCounter = 0;
/** A fresh, valid UID (2.25 root + counter), unique within one test file's run. */
export function newUid(): string {
  uidCounter += 1;
  return `2.25.7700${uidCounter}`;
}

function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

export interface WriteOptions {
  transferSyntax?: string;
  /** Defaults to the dataset's SOPClassUID (0008,0016). */
  sopClassUID?: string;
}

/**
 * A Part 10 file holding `dict`. For deflated syntax the dataset is written explicit little endian
 * and then raw-deflated; for big endian the 16-bit PixelData (OW) is byte-swapped first, because
 * dcmjs writes binary values as given.
 */
export function writeDicom(dict: RawDict, options: WriteOptions = {}): Uint8Array {
  const ts = options.transferSyntax ?? TS.explicitLE;
  const sop = options.sopClassUID ?? String(dict['00080016']?.Value[0] ?? SOP_CLASS.mr);
  const instance = String(dict['00080018']?.Value[0] ?? newUid());
  const meta: RawDict = {
    '00020001': el('OB', new Uint8Array([0, 1]).buffer),
    '00020002': el('UI', sop),
    '00020003': el('UI', instance),
    '00020010': el('UI', ts),
    '00020012': el('UI', '2.25.1234567'),
    '00020013': el('SH', 'MRSEQ_TEST'),
  };
  let body: RawDict = dict;
  const pixel = dict['7FE00010'];
  if (ts === TS.bigEndian && pixel?.vr === 'OW' && pixel.Value[0] instanceof ArrayBuffer) {
    body = { ...dict, '7FE00010': el('OW', swap16(new Uint8Array(pixel.Value[0])).buffer) };
  }
  const file = new dcmjs.data.DicomDict(meta);
  file.dict = body;
  const bytes = new Uint8Array(file.write({ fragmentMultiframe: false }));
  if (ts !== TS.deflated) return bytes;
  // File meta group length element sits at 132: tag(4) VR(2) length(2) value(4).
  const metaLength = new DataView(bytes.buffer).getUint32(132 + 8, true);
  const start = 132 + 12 + metaLength;
  const deflated = deflateSync(bytes.subarray(start));
  const out = new Uint8Array(start + deflated.length);
  out.set(bytes.subarray(0, start));
  out.set(deflated, start);
  return out;
}
