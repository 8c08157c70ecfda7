/**
 * One entry point for pixel decoding: `decodePixelData(transferSyntaxUID, frameBytes, imageInfo)`.
 * Native (uncompressed) data is read here; RLE by rle.ts; JPEG family and JPEG 2000 by wasmCodecs.ts
 * (whose codec packages load on first use); 12-bit JPEG (DCT) by a decoder the host registers (`registerJpeg12Decoder`: the core
 * has none of its own; node registers cornerstone's, see node/codecs.ts). Unknown or unsupported
 * syntaxes throw an Error naming the syntax. Compressed frames are checked against the Image Pixel
 * module before any decoder runs (codestream.ts): decoders allocate what the codestream declares.
 */
import { type CodestreamInfo, hasEndMarker, j2kSize, jpegFrameHeader } from './codestream';
import { decodeRle } from './rle';
import { type CodecKind, transferSyntaxInfo, unsupportedMessage } from './transferSyntax';
import { type CodecFrame, decodeJpeg2000, decodeJpegBaseline, decodeJpegLossless, decodeJpegLs } from './wasmCodecs';

/** What the decoder needs to know about the image (from the Image Pixel module). */
export interface ImageInfo {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  samplesPerPixel: number;
  planarConfiguration: number;
  photometric: string;
  /** Set for FloatPixelData (32) and DoubleFloatPixelData (64). */
  floatBits?: 32 | 64;
}

/** Stored values of one frame in their container type, unscaled; length rows * columns * samples. */
export type Samples = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

function swapBytes(src: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i + width <= src.length; i += width) {
    for (let b = 0; b < width; b++) out[i + b] = src[i + width - 1 - b];
  }
  return out;
}

/** An aligned copy of `bytes` when the view cannot be typed in place. */
function aligned(bytes: Uint8Array, width: number): Uint8Array {
  return bytes.byteOffset % width === 0 ? bytes : bytes.slice();
}

function decodeNative(frame: Uint8Array, info: ImageInfo, bigEndian: boolean): Samples {
  const count = info.rows * info.columns * info.samplesPerPixel;
  const bits = info.floatBits ?? info.bitsAllocated;
  if (bits !== 8 && bits !== 16 && bits !== 32 && bits !== 64) {
    throw new Error(`BitsAllocated ${info.bitsAllocated} is not supported`);
  }
  const width = bits / 8;
  const need = count * width;
  if (frame.length < need) throw new Error(`pixel data too short: ${frame.length} bytes, expected ${need}`);
  let bytes = frame.subarray(0, need);
  if (width === 1) return bytes;
  bytes = bigEndian ? swapBytes(bytes, width) : aligned(bytes, width);
  if (info.floatBits === 32) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  if (info.floatBits === 64 || bits === 64) return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  if (width === 2) return new Uint16Array(bytes.buffer, bytes.byteOffset, count);
  return new Uint32Array(bytes.buffer, bytes.byteOffset, count);
}

/** Grey from colour output (some JPEG encoders write 3 components for monochrome images). */
function luminance(src: Uint8Array | Uint16Array, components: number, pixels: number): Uint8Array | Uint16Array {
  const out = src instanceof Uint8Array ? new Uint8Array(pixels) : new Uint16Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const j = i * components;
    out[i] = Math.round(0.299 * src[j] + 0.587 * src[j + 1] + 0.114 * src[j + 2]);
  }
  return out;
}

function fromCodec(frame: CodecFrame, info: ImageInfo): Samples {
  if (frame.width !== info.columns || frame.height !== info.rows) {
    throw new Error(`decoded frame is ${frame.width}x${frame.height}, the header says ${info.columns}x${info.rows}`);
  }
  const pixels = info.rows * info.columns;
  let samples: Uint8Array | Uint16Array;
  if (frame.bitsPerSample <= 8) {
    samples = frame.bytes;
  } else {
    const b = aligned(frame.bytes, 2);
    samples = new Uint16Array(b.buffer, b.byteOffset, Math.floor(b.length / 2));
  }
  if (frame.componentCount > 1 && info.samplesPerPixel === 1) {
    return luminance(samples, frame.componentCount, pixels);
  }
  const count = pixels * info.samplesPerPixel;
  if (samples.length < count) throw new Error(`decoded frame holds ${samples.length} samples, expected ${count}`);
  return samples.subarray(0, count);
}

/** Decodes one 12-bit JPEG frame (sequential DCT, precision 12) into `width` x `height` samples. */
export type Jpeg12Decoder = (encoded: Uint8Array, width: number, height: number) => Promise<Uint16Array> | Uint16Array;

let jpeg12: Jpeg12Decoder | undefined;

/** Give the core a 12-bit JPEG decoder (node: cornerstone's, see node/codecs.ts). */
export function registerJpeg12Decoder(decoder: Jpeg12Decoder | undefined): void {
  jpeg12 = decoder;
}

/**
 * Decode one frame's bytes (one fragment-joined frame for encapsulated syntaxes, the frame's slice of
 * PixelData otherwise) into stored values. Throws a readable Error when it cannot.
 */
export async function decodePixelData(transferSyntaxUID: string, frameBytes: Uint8Array, info: ImageInfo): Promise<Samples> {
  const ts = transferSyntaxInfo(transferSyntaxUID);
  if (ts.kind === 'native') return decodeNative(frameBytes, info, ts.bigEndian);
  if (ts.kind === 'unsupported') throw new Error(unsupportedMessage(ts));
  if (ts.kind === 'rle') return wrap(ts.name, () => decodeRle(frameBytes, info));
  const header = checkCodestream(ts.kind, ts.name, frameBytes, info);
  return wrap(ts.name, () => decodeCompressed(ts.kind, frameBytes, info, header));
}

async function wrap(name: string, run: () => Samples | Promise<Samples>): Promise<Samples> {
  try {
    return await run();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`${name} decoding failed: ${msg}`);
  }
}

/** The codestream's own header, checked against the DICOM header before decoding. */
function checkCodestream(kind: CodecKind, name: string, bytes: Uint8Array, info: ImageInfo): CodestreamInfo {
  const header = kind === 'jpeg2000' ? j2kSize(bytes) : jpegFrameHeader(bytes);
  if (!header) throw new Error(`${name}: no ${kind === 'jpeg2000' ? 'image size (SIZ) marker' : 'frame header'} in the codestream (damaged frame?)`);
  if (header.width !== info.columns || header.height !== info.rows) {
    throw new Error(`${name}: the codestream is ${header.width}x${header.height}, the DICOM header says ${info.columns}x${info.rows}`);
  }
  if (kind === 'jpeg-ls' && !hasEndMarker(bytes)) throw new Error(`${name}: truncated codestream (no end-of-image marker)`);
  return header;
}

async function decodeCompressed(kind: CodecKind, frameBytes: Uint8Array, info: ImageInfo, header: CodestreamInfo): Promise<Samples> {
  switch (kind) {
    case 'jpeg-baseline': {
      if (header.precision > 8) {
        if (header.precision !== 12) throw new Error(`${header.precision}-bit JPEG (DCT) is not a DICOM precision`);
        if (!jpeg12) throw new Error('12-bit JPEG needs a 12-bit decoder, and none is available here');
        return fromCodec(
          { width: info.columns, height: info.rows, bitsPerSample: 12, componentCount: 1, bytes: asBytes(await jpeg12(frameBytes, info.columns, info.rows)) },
          info,
        );
      }
      return fromCodec(await decodeJpegBaseline(frameBytes), info);
    }
    case 'jpeg-lossless': {
      const out = await decodeJpegLossless(frameBytes, info.bitsAllocated <= 8 ? 1 : 2);
      const count = info.rows * info.columns * info.samplesPerPixel;
      if (out.length < count) throw new Error(`decoded frame holds ${out.length} samples, expected ${count}`);
      return out.subarray(0, count);
    }
    case 'jpeg-ls': {
      return fromCodec(await decodeJpegLs(frameBytes), info);
    }
    case 'jpeg2000': {
      return fromCodec(await decodeJpeg2000(frameBytes), info);
    }
    default:
      throw new Error(`no decoder for ${kind}`);
  }
}

function asBytes(a: Uint16Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
