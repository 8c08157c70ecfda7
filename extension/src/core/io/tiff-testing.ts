/** TIFF writer and encoders for tests (LZW and PackBits are written here only to test the decoders). */
import { zlibSync } from 'fflate';
import { put } from './testing';

/** TIFF-style LZW encoder (MSB-first, 9-12 bit codes, early change, clear code at start and when full). */
export function lzwEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let width = 9;
  const write = (code: number) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 255);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let table = new Map<string, number>();
  let next = 258;
  write(256);
  let w = '';
  for (const byte of input) {
    const wc = w + ',' + byte;
    const known = w === '' ? true : table.has(wc);
    if (w === '') w = String(byte);
    else if (known) w = wc;
    else {
      write(w.includes(',') ? table.get(w)! : Number(w));
      table.set(wc, next++);
      if (next >= 1 << width && width < 12) width++; // the decoder lags one entry: it switches at 2^width - 1
      if (next >= 4094) {
        write(256);
        table = new Map();
        next = 258;
        width = 9;
      }
      w = String(byte);
    }
  }
  if (w !== '') write(w.includes(',') ? table.get(w)! : Number(w));
  write(257);
  if (bits > 0) out.push((acc << (8 - bits)) & 255);
  return new Uint8Array(out);
}


/** PackBits with literal runs only (valid, if not compact). */
export function packBitsEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let at = 0; at < input.length; at += 128) {
    const run = input.subarray(at, at + 128);
    out.push(run.length - 1, ...run);
  }
  return new Uint8Array(out);
}

export interface TiffSpec {
  width: number;
  height: number;
  channels: 1 | 3;
  bits: 8 | 16;
  /** Interleaved samples, row-major. */
  data: ArrayLike<number>;
  littleEndian?: boolean;
  /** 1 none (default), 5 LZW, 8 Deflate, 32773 PackBits; any other value is only written into the tag. */
  compression?: number;
  /** 2 = horizontal differencing before compression. */
  predictor?: 1 | 2;
  /** Photometric interpretation; default 1 (BlackIsZero) for gray, 2 for RGB. */
  photometric?: number;
}

/** A single-strip baseline TIFF with 8- or 16-bit unsigned samples. */
export function makeTiff(spec: TiffSpec): Uint8Array {
  const le = spec.littleEndian ?? true;
  const { width, height, channels, bits } = spec;
  const compression = spec.compression ?? 1;
  const pixels = new Uint8Array(spec.data.length * (bits / 8));
  const pixelView = new DataView(pixels.buffer);
  const values = Array.from(spec.data);
  if (spec.predictor === 2) {
    const rowLength = width * channels;
    for (let n = values.length - 1; n >= 0; n--) if (n % rowLength >= channels) values[n] = (values[n] - spec.data[n - channels]) & (bits === 8 ? 0xff : 0xffff);
  }
  values.forEach((v, n) => put(pixelView, bits === 8 ? 'uint8' : 'uint16', n * (bits / 8), v, le));
  const encoders: Record<number, (b: Uint8Array) => Uint8Array> = { 5: lzwEncode, 8: zlibSync, 32773: packBitsEncode };
  const strip = encoders[compression]?.(pixels) ?? pixels;
  const entries: [number, number, number, number][] = [
    // tag, type (3 short, 4 long), count, value
    [256, 4, 1, width], [257, 4, 1, height], [258, 3, 1, bits], [259, 3, 1, compression],
    [262, 3, 1, spec.photometric ?? (channels === 3 ? 2 : 1)], [273, 4, 1, 0], [277, 3, 1, channels],
    [278, 4, 1, height], [279, 4, 1, strip.length], [317, 3, 1, spec.predictor ?? 1],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  entries[5][3] = dataAt;
  const bytes = new Uint8Array(dataAt + strip.length);
  const view = new DataView(bytes.buffer);
  bytes.set(le ? [0x49, 0x49, 42, 0] : [0x4d, 0x4d, 0, 42]);
  view.setUint32(4, 8, le);
  view.setUint16(8, entries.length, le);
  entries.forEach(([tag, type, count, value], n) => {
    const at = 10 + n * 12;
    view.setUint16(at, tag, le);
    view.setUint16(at + 2, type, le);
    view.setUint32(at + 4, count, le);
    if (type === 3) view.setUint16(at + 8, value, le);
    else view.setUint32(at + 8, value, le);
  });
  bytes.set(strip, dataAt);
  return bytes;
}
