/**
 * Minimal PNG decoder on fflate (pngjs needs node streams, zlib and Buffer, so it cannot run in a browser
 * worker; it is only used by the tests, to encode fixtures). Supports every standard PNG: bit depths 1-16,
 * gray, gray + alpha, RGB, RGBA, palette, Adam7 interlacing. CRCs are not checked. Images over limits.ts's
 * MAX_IMAGE_PIXELS are refused from IHDR, and no more image data is inflated than IHDR implies.
 */
import { inflateUpTo } from './gzip';
import { MAX_IMAGE_PIXELS, tooLarge } from './limits';
import type { DecodeResult } from './raster';
import { messageOf } from './series';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

export function decodePng(bytes: Uint8Array): DecodeResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let ihdr: { width: number; height: number; depth: number; color: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let at = 8;
  let ended = false;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length < length) return { skip: `unreadable: truncated PNG (chunk ${type})` };
    if (type === 'IHDR' && length >= 13) {
      ihdr = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth: body[8], color: body[9], interlace: body[12] };
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    at += 12 + length;
  }
  if (!ihdr) return { skip: 'unreadable: PNG without IHDR header' };
  const { width, height, depth, color, interlace } = ihdr;
  const channels = CHANNELS[color];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth) || width < 1 || height < 1) {
    return { skip: `unreadable: invalid PNG header (color type ${color}, bit depth ${depth})` };
  }
  if (color === 3 && !palette) return { skip: 'unreadable: PNG palette image without palette' };
  if (width * height > MAX_IMAGE_PIXELS) return { skip: tooLarge(`${width}x${height} pixels`, MAX_IMAGE_PIXELS) };
  const passes = interlace === 1 ? ADAM7 : [[0, 0, 1, 1]];
  // Filtered scanlines the header implies: decompress that much and no more, before allocating pixels.
  const expected = passes.reduce((n, [x0, y0, dx, dy]) => {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    return pw > 0 && ph > 0 ? n + ph * (Math.ceil((pw * channels * depth) / 8) + 1) : n;
  }, 0);
  let raw: Uint8Array;
  try {
    raw = inflateUpTo(concat(idat), expected, 'zlib');
  } catch (e) {
    return { skip: `unreadable: PNG image data: ${messageOf(e)}` };
  }
  if (raw.length < expected) return { skip: 'unreadable: truncated PNG image data' };
  const out = new Uint16Array(width * height * channels);
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * channels * depth) / 8);
    const bpp = Math.max(1, (channels * depth) >> 3);
    let prev = new Uint8Array(rowBytes);
    for (let y = 0; y < ph; y++) {
      const filter = raw[offset];
      const row = raw.slice(offset + 1, offset + 1 + rowBytes);
      offset += rowBytes + 1;
      if (!unfilter(row, prev, filter, bpp)) return { skip: `unreadable: invalid PNG filter ${filter}` };
      for (let x = 0; x < pw; x++) {
        const px = ((y0 + y * dy) * width + x0 + x * dx) * channels;
        for (let c = 0; c < channels; c++) out[px + c] = sample(row, x * channels + c, depth);
      }
      prev = row;
    }
  }
  const warnings = ended ? [] : ['PNG has no IEND chunk'];
  if (color !== 3) return { raster: { width, height, channels, data: out }, warnings };
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const entry = out[p] * 3;
    if (entry + 2 >= palette!.length) return { skip: 'unreadable: PNG palette index out of range' };
    rgb.set(palette!.subarray(entry, entry + 3), p * 3);
  }
  return { raster: { width, height, channels: 3, data: rgb }, warnings };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** The n-th sample of a scanline (big-endian, packed MSB first for depths below 8). */
function sample(row: Uint8Array, n: number, depth: number): number {
  if (depth === 8) return row[n];
  if (depth === 16) return (row[2 * n] << 8) | row[2 * n + 1];
  const bit = n * depth;
  return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}

/** Undoes a PNG scanline filter in place; false for an unknown filter type. */
function unfilter(row: Uint8Array, prev: Uint8Array, filter: number, bpp: number): boolean {
  const n = row.length;
  switch (filter) {
    case 0: return true;
    case 1: for (let i = bpp; i < n; i++) row[i] += row[i - bpp]; return true;
    case 2: for (let i = 0; i < n; i++) row[i] += prev[i]; return true;
    case 3:
      for (let i = 0; i < n; i++) row[i] += ((i >= bpp ? row[i - bpp] : 0) + prev[i]) >> 1;
      return true;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp] : 0;
        const b = prev[i];
        const c = i >= bpp ? prev[i - bpp] : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      return true;
    default: return false;
  }
}
