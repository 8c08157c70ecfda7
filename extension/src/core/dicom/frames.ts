/**
 * Split a dataset's pixel data element into the bytes of each frame: slices of one buffer for native
 * syntaxes, fragment groups for encapsulated ones. Throws readable errors for missing or truncated data.
 */
import type { ImageInfo } from './codecs';
import { type RawDataset, asBytes } from './dataset';
import { TAG } from './tags';
import type { TransferSyntaxInfo } from './transferSyntax';

type Chunk = ArrayBuffer | ArrayBufferView;

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function toBytes(v: unknown): Uint8Array | undefined {
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return asBytes(v as Chunk);
  if (Array.isArray(v)) {
    const parts = v.map(toBytes).filter((p): p is Uint8Array => !!p);
    return parts.length ? concat(parts) : undefined;
  }
  return undefined;
}

/** Does a fragment start a new compressed frame (JPEG SOI, JPEG 2000 SOC, JP2 signature box)? */
function startsFrame(b: Uint8Array): boolean {
  if (b.length < 2) return false;
  if (b[0] === 0xff && (b[1] === 0xd8 || b[1] === 0x4f)) return true;
  return b.length >= 8 && b[4] === 0x6a && b[5] === 0x50 && b[6] === 0x20 && b[7] === 0x20;
}

/**
 * Group encapsulated items into frames. dcmjs already groups fragments by the Basic Offset Table when
 * there is one; without it each item is one fragment and several may make up one frame.
 */
export function groupFragments(items: Uint8Array[], nFrames: number): Uint8Array[] {
  if (items.length === nFrames) return items;
  if (nFrames === 1) return [concat(items)];
  if (items.length > nFrames) {
    const frames: Uint8Array[][] = [];
    for (const f of items) {
      if (startsFrame(f) || frames.length === 0) frames.push([f]);
      else frames[frames.length - 1].push(f);
    }
    if (frames.length === nFrames) return frames.map(concat);
  }
  throw new Error(`cannot split ${items.length} pixel data fragments into ${nFrames} frames`);
}

/** Bytes of each frame; `nFrames` from NumberOfFrames (1 when absent). */
export function splitFrames(ds: RawDataset, ts: TransferSyntaxInfo, info: ImageInfo, nFrames: number): Uint8Array[] {
  const element = info.floatBits === 32 ? TAG.FloatPixelData : info.floatBits === 64 ? TAG.DoubleFloatPixelData : TAG.PixelData;
  const value = ds[element]?.Value;
  if (!Array.isArray(value) || value.length === 0) throw new Error('missing pixel data');

  if (!ts.encapsulated || info.floatBits) {
    const all = toBytes(value);
    if (!all || all.length === 0) throw new Error('missing pixel data');
    const bits = info.floatBits ?? info.bitsAllocated;
    const frameSize = Math.ceil((info.rows * info.columns * info.samplesPerPixel * bits) / 8);
    if (!(frameSize > 0)) throw new Error(`invalid Image Pixel module: BitsAllocated ${bits}, SamplesPerPixel ${info.samplesPerPixel}`);
    const need = frameSize * nFrames;
    if (all.length < need) {
      throw new Error(`truncated pixel data: ${all.length} bytes, expected ${need} (${nFrames} frame(s) of ${info.columns}x${info.rows}, ${bits} bits)`);
    }
    const frames: Uint8Array[] = [];
    for (let i = 0; i < nFrames; i++) frames.push(all.subarray(i * frameSize, (i + 1) * frameSize));
    return frames;
  }

  const items = value.map(toBytes).filter((b): b is Uint8Array => !!b && b.length > 0);
  if (items.length === 0) throw new Error('missing pixel data (no fragments)');
  return groupFragments(items, nFrames);
}
