/**
 * Test-only frame encoders for every transfer syntax the fixtures can write:
 * RLE, JPEG lossless and 12-bit JPEG extended (own encoders), JPEG baseline (jpeg-js, 8-bit grey, lossy),
 * JPEG-LS (CharLS encoder) and JPEG 2000 (OpenJPEG encoder) from the cornerstone codec packages.
 */
import { encode as encodeJpegJs } from 'jpeg-js';
import { TS } from './dicomWriter';
import { encodeJpeg12 } from './jpeg12Encoder';
import { encodeJpegLossless } from './jpegLosslessEncoder';
import { encodeRle } from './rleEncoder';

export interface FrameShape {
  rows: number;
  cols: number;
  bitsAllocated: number;
  bitsStored: number;
  samplesPerPixel: number;
}

interface EmEncoder {
  getDecodedBuffer(info: object): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  delete(): void;
  setNearLossless?(near: number): void;
  setQuality?(lossless: boolean, quality: number): void;
  setDecompositions?(n: number): void;
}
type EmModule = Record<string, unknown>;

/** Codec modules some syntaxes need (loaded asynchronously by `loadEncoders`). */
export interface Encoders {
  charls?: EmModule;
  openjpeg?: EmModule;
}

const NEEDS_CHARLS: string[] = [TS.jpegLs, TS.jpegLsNear];
const NEEDS_OPENJPEG: string[] = [TS.j2k, TS.j2kLossless];

/** True when the syntax needs `loadEncoders` (i.e. makeMrSeriesAsync). */
export function needsAsyncEncoder(ts: string): boolean {
  return NEEDS_CHARLS.includes(ts) || NEEDS_OPENJPEG.includes(ts);
}

async function factory(mod: unknown): Promise<EmModule> {
  let f: unknown = mod;
  while (typeof f !== 'function' && f && typeof f === 'object') f = (f as { default?: unknown }).default;
  return (f as (arg: object) => Promise<EmModule>)({ print: () => undefined, printErr: () => undefined });
}

let charls: Promise<EmModule> | undefined;
let openjpeg: Promise<EmModule> | undefined;

/** The codec modules `ts` needs (loaded once per test file). */
export async function loadEncoders(ts: string): Promise<Encoders> {
  if (NEEDS_CHARLS.includes(ts)) {
    charls ??= import('@cornerstonejs/codec-charls').then(factory);
    return { charls: await charls };
  }
  if (NEEDS_OPENJPEG.includes(ts)) {
    openjpeg ??= import('@cornerstonejs/codec-openjpeg').then(factory);
    return { openjpeg: await openjpeg };
  }
  return {};
}

function runEncoder(mod: EmModule, className: string, samples: number[], shape: FrameShape, setup: (e: EmEncoder) => void): Uint8Array {
  const Ctor = mod[className] as new () => EmEncoder;
  const encoder = new Ctor();
  try {
    const bytesPerSample = shape.bitsStored > 8 ? 2 : 1;
    const buffer = encoder.getDecodedBuffer({
      width: shape.cols,
      height: shape.rows,
      bitsPerSample: shape.bitsStored,
      componentCount: 1,
      isSigned: false,
      isUsingColorTransform: false,
    });
    for (let i = 0; i < samples.length; i++) {
      buffer[i * bytesPerSample] = samples[i] & 0xff;
      if (bytesPerSample === 2) buffer[i * 2 + 1] = (samples[i] >> 8) & 0xff;
    }
    setup(encoder);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

/**
 * Encode one grey frame of stored values (unsigned bit patterns, row-major) for `ts`; returns undefined
 * for native syntaxes (the caller packs raw bytes).
 */
export function encodeFrame(ts: string, samples: number[], shape: FrameShape, encoders: Encoders = {}): Uint8Array | undefined {
  const pixels = shape.rows * shape.cols;
  switch (ts) {
    case TS.rle:
      return encodeRle(samples, pixels, shape.bitsAllocated, shape.samplesPerPixel);
    case TS.jpegLossless:
    case TS.jpegLosslessSV1:
      return encodeJpegLossless(samples, shape.cols, shape.rows, shape.bitsStored, 1);
    case TS.jpegBaseline:
    case TS.jpegExtended: {
      if (shape.bitsStored > 8 && ts === TS.jpegExtended && shape.bitsStored <= 12) return encodeJpeg12(samples, shape.cols, shape.rows);
      if (shape.bitsStored > 8) throw new Error('jpeg-js writes 8-bit JPEG only (12-bit: JPEG Extended)');
      const rgba = new Uint8Array(pixels * 4);
      samples.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
      return new Uint8Array(encodeJpegJs({ data: rgba, width: shape.cols, height: shape.rows }, 100).data);
    }
    case TS.jpegLs:
    case TS.jpegLsNear:
      if (!encoders.charls) throw new Error('JPEG-LS fixtures need makeMrSeriesAsync');
      return runEncoder(encoders.charls, 'JpegLSEncoder', samples, shape, (e) => e.setNearLossless?.(0));
    case TS.j2k:
    case TS.j2kLossless:
      if (!encoders.openjpeg) throw new Error('JPEG 2000 fixtures need makeMrSeriesAsync');
      return runEncoder(encoders.openjpeg, 'J2KEncoder', samples, shape, (e) => {
        e.setDecompositions?.(Math.max(0, Math.min(3, Math.floor(Math.log2(Math.min(shape.rows, shape.cols))) - 2)));
        e.setQuality?.(true, 0);
      });
    default:
      return undefined;
  }
}
