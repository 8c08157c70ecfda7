/**
 * Test-only JPEG encoder for 12-bit grey images: extended sequential DCT (SOF1, process 4, the "JPEG
 * Extended 12-bit" of DICOM transfer syntax 1.2.840.10008.1.2.4.51), one component, every quantiser 1
 * (so decoding must come within a count or two of the input), Huffman tables that give every symbol a
 * code of one fixed length (simple, and valid for the 12-bit coefficient range). It exists to write
 * fixtures for the reader's 12-bit path; the reader decodes with cornerstone's decoder, not this code.
 */

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29,
  22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/** Canonical Huffman codes for `symbols`, all of `length` bits. */
function table(symbols: number[], length: number): { bits: number[]; codes: Map<number, [number, number]> } {
  const bits = new Array<number>(16).fill(0);
  bits[length - 1] = symbols.length;
  const codes = new Map<number, [number, number]>();
  symbols.forEach((s, i) => codes.set(s, [i, length]));
  return { bits, codes };
}

const DC = table(Array.from({ length: 16 }, (_, i) => i), 5);
const AC_SYMBOLS = [0x00, 0xf0, ...Array.from({ length: 16 * 14 }, (_, i) => ((i / 14) << 4) | ((i % 14) + 1))];
const AC = table(AC_SYMBOLS, 8);

class BitWriter {
  readonly out: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0);
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.out;
  }
}

function category(v: number): number {
  let a = Math.abs(v);
  let c = 0;
  while (a) {
    c++;
    a >>= 1;
  }
  return c;
}

function writeValue(w: BitWriter, v: number, cat: number): void {
  if (cat) w.write(v >= 0 ? v : v + (1 << cat) - 1, cat);
}

const COS = Array.from({ length: 8 }, (_, x) => Array.from({ length: 8 }, (_, u) => Math.cos(((2 * x + 1) * u * Math.PI) / 16)));

function fdct(block: number[]): number[] {
  const out = new Array<number>(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) s += block[y * 8 + x] * COS[x][u] * COS[y][v];
      out[v * 8 + u] = (0.25 * (u ? 1 : Math.SQRT1_2) * (v ? 1 : Math.SQRT1_2) * s);
    }
  }
  return out;
}

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

function dht(tc: number, t: { bits: number[]; codes: Map<number, [number, number]> }): number[] {
  return [(tc << 4) | 0, ...t.bits, ...t.codes.keys()];
}

/** Encode a `width` x `height` grey image of 12-bit samples (0-4095, row-major). */
export function encodeJpeg12(samples: ArrayLike<number>, width: number, height: number): Uint8Array {
  const w = new BitWriter();
  let prevDc = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      const block: number[] = [];
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const sy = Math.min(by + y, height - 1);
          const sx = Math.min(bx + x, width - 1);
          block.push(samples[sy * width + sx] - 2048);
        }
      }
      const coef = fdct(block).map(Math.round);
      const dc = coef[0];
      const diff = dc - prevDc;
      prevDc = dc;
      const dcCat = category(diff);
      const [dcCode, dcLen] = DC.codes.get(dcCat)!;
      w.write(dcCode, dcLen);
      writeValue(w, diff, dcCat);
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const v = coef[ZIGZAG[k]];
        if (v === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          const [c, l] = AC.codes.get(0xf0)!;
          w.write(c, l);
          run -= 16;
        }
        const cat = category(v);
        const [c, l] = AC.codes.get((run << 4) | cat)!;
        w.write(c, l);
        writeValue(w, v, cat);
        run = 0;
      }
      if (run > 0) {
        const [c, l] = AC.codes.get(0x00)!;
        w.write(c, l);
      }
    }
  }
  const bytes = [
    0xff, 0xd8,
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc1, [12, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [...dht(0, DC), ...dht(1, AC)]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...w.finish(),
    0xff, 0xd9,
  ];
  return new Uint8Array(bytes);
}
