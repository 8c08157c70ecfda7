/**
 * A tiny PNG writer for tests: any colour type and bit depth, optional Adam7 interlacing, filter type 0.
 * (pngjs covers the common cases in tests but cannot write interlaced, palette or low-bit-depth files.)
 */
import { zlibSync } from 'fflate';

const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  [...type].forEach((ch, n) => (out[4 + n] = ch.charCodeAt(0)));
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

export interface PngSpec {
  width: number;
  height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  depth: 1 | 2 | 4 | 8 | 16;
  /** Interleaved samples (palette indices for colour type 3). */
  samples: ArrayLike<number>;
  interlace?: boolean;
  /** RGB triplets for colour type 3. */
  palette?: number[];
}

export function encodePng(spec: PngSpec): Uint8Array {
  const { width, height, colorType, depth } = spec;
  const channels = CHANNELS[colorType];
  const rows: number[] = [];
  for (const [x0, y0, dx, dy] of spec.interlace ? ADAM7 : [[0, 0, 1, 1]]) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    for (let y = y0; y < height; y += dy) {
      const line = new Uint8Array(Math.ceil((pw * channels * depth) / 8));
      let bit = 0;
      for (let x = x0; x < width; x += dx) {
        for (let c = 0; c < channels; c++, bit += depth) {
          const v = spec.samples[(y * width + x) * channels + c];
          if (depth === 16) {
            line[bit >> 3] = v >> 8;
            line[(bit >> 3) + 1] = v & 255;
          } else if (depth === 8) line[bit >> 3] = v;
          else line[bit >> 3] |= v << (8 - depth - (bit & 7));
        }
      }
      rows.push(0, ...line);
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([depth, colorType, 0, 0, spec.interlace ? 1 : 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(spec.palette ? [chunk('PLTE', new Uint8Array(spec.palette))] : []),
    chunk('IDAT', zlibSync(new Uint8Array(rows))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}
