/**
 * Format-blind mutations of a file's bytes: bit flips, interesting values, truncation, insertion,
 * deletion, duplication of a range. Each returns new bytes and a short description of what it did.
 */
import type { Rng } from './rng';

export interface Mutation {
  bytes: Uint8Array;
  what: string;
}

export type Mutator = (bytes: Uint8Array, rng: Rng) => Mutation;

const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xff];
const INTERESTING_16 = [0x0000, 0x0001, 0x7fff, 0x8000, 0xffff];
const INTERESTING_32 = [0x00000000, 0x00000001, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000000];

/** `src` with `remove` bytes at `at` replaced by `insert`. */
export function splice(src: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(src.length - remove + insert.length);
  out.set(src.subarray(0, at), 0);
  out.set(insert, at);
  out.set(src.subarray(at + remove), at + insert.length);
  return out;
}

/** Offset biased towards the start of the file, where headers live. */
export function offset(bytes: Uint8Array, rng: Rng): number {
  if (bytes.length === 0) return 0;
  return rng.chance(0.5) ? rng.int(Math.min(bytes.length, 1024)) : rng.int(bytes.length);
}

export const bitFlips: Mutator = (bytes, rng) => {
  const out = bytes.slice();
  const n = rng.range(1, 8);
  for (let i = 0; i < n && out.length; i++) out[offset(out, rng)] ^= 1 << rng.int(8);
  return { bytes: out, what: `flip ${n} bit(s)` };
};

export const interesting: Mutator = (bytes, rng) => {
  const out = bytes.slice();
  if (out.length < 4) return { bytes: out, what: 'nothing (too short)' };
  const at = Math.min(offset(out, rng), out.length - 4);
  const view = new DataView(out.buffer);
  const width = rng.pick([1, 2, 4]);
  const le = rng.chance(0.5);
  if (width === 1) out[at] = rng.pick(INTERESTING_8);
  else if (width === 2) view.setUint16(at, rng.pick(INTERESTING_16), le);
  else view.setUint32(at, rng.pick(INTERESTING_32), le);
  return { bytes: out, what: `${width * 8}-bit interesting value at ${at}` };
};

export const truncate: Mutator = (bytes, rng) => {
  const at = rng.chance(0.3) ? rng.int(Math.min(bytes.length, 600)) : rng.int(bytes.length);
  return { bytes: bytes.slice(0, at), what: `truncate to ${at} bytes` };
};

export const insertRandom: Mutator = (bytes, rng) => {
  const at = offset(bytes, rng);
  const insert = Uint8Array.from({ length: rng.range(1, 64) }, () => rng.int(256));
  return { bytes: splice(bytes, at, 0, insert), what: `insert ${insert.length} random byte(s) at ${at}` };
};

export const deleteRange: Mutator = (bytes, rng) => {
  const at = offset(bytes, rng);
  const n = Math.min(rng.range(1, 128), bytes.length - at);
  return { bytes: splice(bytes, at, n), what: `delete ${n} byte(s) at ${at}` };
};

export const duplicateRange: Mutator = (bytes, rng) => {
  const from = offset(bytes, rng);
  const n = Math.min(rng.range(1, 256), bytes.length - from);
  const to = offset(bytes, rng);
  return { bytes: splice(bytes, to, 0, bytes.slice(from, from + n)), what: `copy ${n} byte(s) from ${from} to ${to}` };
};

export const appendGarbage: Mutator = (bytes, rng) => {
  const tail = Uint8Array.from({ length: rng.range(1, 4096) }, () => rng.int(256));
  return { bytes: splice(bytes, bytes.length, 0, tail), what: `append ${tail.length} random byte(s)` };
};

export const GENERIC: readonly Mutator[] = [bitFlips, interesting, truncate, insertRandom, deleteRange, duplicateRange, appendGarbage];

/** One to three generic mutations in a row. */
export function genericMutation(bytes: Uint8Array, rng: Rng): Mutation {
  const steps: string[] = [];
  let out = bytes;
  const n = rng.chance(0.7) ? 1 : rng.range(2, 3);
  for (let i = 0; i < n; i++) {
    const m = rng.pick(GENERIC)(out, rng);
    out = m.bytes;
    steps.push(m.what);
  }
  return { bytes: out, what: steps.join('; ') };
}
