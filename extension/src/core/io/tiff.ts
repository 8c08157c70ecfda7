/**
 * Small baseline TIFF decoder (first page only): strips, 8/16/32/64-bit samples (unsigned, signed, float),
 * gray (BlackIsZero / WhiteIsZero) or RGB, chunky or planar, compression none / LZW / Deflate / PackBits,
 * horizontal predictor. Not supported (a `skip` reason instead): tiles, palette images, other compressions,
 * bilevel and 4-bit images, BigTIFF. Images over limits.ts's MAX_IMAGE_PIXELS are refused from the
 * tags, uncompressed strips are checked against the file before the image is allocated, and no strip is
 * decompressed beyond what it must hold.
 */
import { inflateUpTo } from './gzip';
import { MAX_IMAGE_PIXELS, tooLarge } from './limits';
import { readNumbers, type NumberKind } from './numeric';
import type { DecodeResult } from './raster';
import { messageOf } from './series';
import { lzwDecode, packBitsDecode } from './tiff-codecs';

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
const COMPRESSION_NAMES: Record<number, string> = { 2: 'CCITT RLE', 3: 'CCITT G3', 4: 'CCITT G4', 6: 'old JPEG', 7: 'JPEG', 34712: 'JPEG 2000' };

export function isTiff(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const [a, b, c, d] = bytes;
  return (a === 0x49 && b === 0x49 && c === 42 && d === 0) || (a === 0x4d && b === 0x4d && c === 0 && d === 42);
}

type Tags = Map<number, number[]>;

function readIfd(view: DataView, at: number, le: boolean): { tags: Tags; next: number } {
  const tags: Tags = new Map();
  const count = view.getUint16(at, le);
  for (let e = 0; e < count; e++) {
    const entry = at + 2 + e * 12;
    const tag = view.getUint16(entry, le);
    const type = view.getUint16(entry + 2, le);
    const n = view.getUint32(entry + 4, le);
    const size = TYPE_SIZES[type];
    if (!size || n > 1e7) continue;
    const where = n * size <= 4 ? entry + 8 : view.getUint32(entry + 8, le);
    if (where + n * size > view.byteLength) continue;
    const values: number[] = [];
    for (let i = 0; i < n; i++) values.push(readValue(view, where + i * size, type, le));
    tags.set(tag, values);
  }
  const nextAt = at + 2 + count * 12;
  return { tags, next: nextAt + 4 <= view.byteLength ? view.getUint32(nextAt, le) : 0 };
}

function readValue(view: DataView, at: number, type: number, le: boolean): number {
  switch (type) {
    case 3: return view.getUint16(at, le);
    case 4: return view.getUint32(at, le);
    case 5: return view.getUint32(at, le) / view.getUint32(at + 4, le);
    case 6: return view.getInt8(at);
    case 8: return view.getInt16(at, le);
    case 9: return view.getInt32(at, le);
    case 10: return view.getInt32(at, le) / view.getInt32(at + 4, le);
    case 11: return view.getFloat32(at, le);
    case 12: return view.getFloat64(at, le);
    default: return view.getUint8(at);
  }
}

function sampleKind(bits: number, format: number): NumberKind | null {
  const table: Record<string, NumberKind> = {
    '8/1': 'u8', '16/1': 'u16', '32/1': 'u32', '8/2': 'i8', '16/2': 'i16', '32/2': 'i32', '32/3': 'f32', '64/3': 'f64',
  };
  return table[`${bits}/${format}`] ?? null;
}

export function decodeTiff(bytes: Uint8Array): DecodeResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = bytes[0] === 0x49;
  const ifdAt = view.getUint32(4, le);
  if (ifdAt + 2 > bytes.length) return { skip: 'unreadable: truncated TIFF' };
  const { tags, next } = readIfd(view, ifdAt, le);
  const tag = (t: number, fallback: number) => tags.get(t)?.[0] ?? fallback;
  const width = tag(256, 0);
  const height = tag(257, 0);
  const spp = tag(277, 1);
  const bits = tag(258, 1);
  const compression = tag(259, 1);
  const photometric = tag(262, 1);
  const planar = tag(284, 1);
  const predictor = tag(317, 1);
  const kind = sampleKind(bits, tag(339, 1));
  if (width < 1 || height < 1) return { skip: 'unreadable: TIFF without image size' };
  if (tags.has(322)) return { skip: 'unclassified: tiled TIFF not supported' };
  if (photometric === 3) return { skip: 'unclassified: TIFF palette image not supported' };
  if (photometric > 2) return { skip: `unclassified: TIFF photometric interpretation ${photometric} not supported` };
  if (!kind || (tags.get(258) ?? []).some((b) => b !== bits)) {
    return { skip: `unclassified: TIFF with ${bits} bits per sample not supported` };
  }
  if (![1, 5, 8, 32946, 32773].includes(compression)) {
    return { skip: `unclassified: TIFF compression ${COMPRESSION_NAMES[compression] ?? compression} not supported` };
  }
  if (predictor !== 1 && !(predictor === 2 && bits <= 32 && kind !== 'f32')) {
    return { skip: `unclassified: TIFF predictor ${predictor} not supported` };
  }
  const offsets = tags.get(273) ?? [];
  const counts = tags.get(279) ?? [];
  if (offsets.length === 0 || counts.length !== offsets.length) return { skip: 'unreadable: TIFF without strips' };
  if (width * height > MAX_IMAGE_PIXELS) return { skip: tooLarge(`${width}x${height} pixels`, MAX_IMAGE_PIXELS) };
  if (!(spp >= 1 && spp <= 4)) return { skip: `unclassified: TIFF with ${spp} samples per pixel not supported` };

  const bytesPer = bits / 8;
  const total = width * height * spp * bytesPer;
  if (compression === 1) {
    // Uncompressed: the strips must hold the image before it is allocated.
    const present = offsets.reduce((n, at, s) => n + Math.max(0, Math.min(counts[s], bytes.length - at)), 0);
    if (present < total) return { skip: `unreadable: truncated TIFF (${present} of ${total} bytes of image data)` };
  }
  const raw = new Uint8Array(total);
  const rowsPerStrip = Math.min(tag(278, height), height);
  const stripBytes = rowsPerStrip * width * (planar === 2 ? 1 : spp) * bytesPer;
  let filled = 0;
  try {
    for (let s = 0; s < offsets.length && filled < total; s++) {
      const input = bytes.subarray(offsets[s], offsets[s] + counts[s]);
      const want = Math.min(stripBytes, total - filled);
      const strip = decompress(input, compression, want);
      raw.set(strip.subarray(0, want), filled);
      filled += Math.min(strip.length, want);
    }
  } catch (e) {
    return { skip: `unreadable: corrupt TIFF strip (${messageOf(e)})` };
  }
  if (filled < total) return { skip: `unreadable: truncated TIFF (${filled} of ${total} bytes of image data)` };

  const values = readNumbers(raw, 0, width * height * spp, kind, le) as unknown as { [i: number]: number; length: number };
  const runs = planar === 2 ? height * spp : height;
  const runLength = planar === 2 ? width : width * spp;
  const step = planar === 2 ? 1 : spp;
  if (predictor === 2) {
    for (let r = 0; r < runs; r++) {
      for (let i = r * runLength + step; i < (r + 1) * runLength; i++) values[i] += values[i - step];
    }
  }
  const data = new Float32Array(width * height * spp);
  const npix = width * height;
  const max = kind === 'f32' || kind === 'f64' ? 0 : 2 ** bits - 1;
  for (let p = 0; p < npix; p++) {
    for (let c = 0; c < spp; c++) {
      const v = planar === 2 ? values[c * npix + p] : values[p * spp + c];
      data[p * spp + c] = photometric === 0 ? max - v : v;
    }
  }
  const warnings = next !== 0 ? ['TIFF has more than one page: only the first was read'] : [];
  return { raster: { width, height, channels: spp, data }, warnings };
}

function decompress(input: Uint8Array, compression: number, expected: number): Uint8Array {
  switch (compression) {
    case 1: return input;
    case 5: return lzwDecode(input, expected);
    case 32773: return packBitsDecode(input, expected);
    default:
      // Deflate strips are zlib streams (some writers leave out the zlib header): never more than the strip needs.
      try {
        return inflateUpTo(input, expected, 'zlib');
      } catch {
        return inflateUpTo(input, expected, 'deflate');
      }
  }
}
