/**
 * Reads a run of binary numbers (any endianness, any alignment) as a typed array, for the volume readers.
 */

export type NumberKind = 'u8' | 'i8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64' | 'i64' | 'u64';

export const BYTES_PER: Record<NumberKind, number> = {
  u8: 1, i8: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, f64: 8, i64: 8, u64: 8,
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `count` numbers of `kind` starting at `offset` in `bytes`. The caller has checked that the bytes are there.
 * Returns a view without copying when alignment and endianness allow; 64-bit integers become Float64Array.
 */
export function readNumbers(
  bytes: Uint8Array,
  offset: number,
  count: number,
  kind: NumberKind,
  littleEndian: boolean,
): ArrayLike<number> {
  const size = BYTES_PER[kind];
  const start = bytes.byteOffset + offset;
  let buffer: ArrayBufferLike = bytes.buffer;
  let at = start;
  const swap = size > 1 && littleEndian !== HOST_LITTLE_ENDIAN;
  if (swap || start % size !== 0) {
    const copy = bytes.slice(offset, offset + count * size);
    if (swap) swapBytes(copy, size);
    buffer = copy.buffer;
    at = 0;
  }
  switch (kind) {
    case 'u8': return new Uint8Array(buffer, at, count);
    case 'i8': return new Int8Array(buffer, at, count);
    case 'i16': return new Int16Array(buffer, at, count);
    case 'u16': return new Uint16Array(buffer, at, count);
    case 'i32': return new Int32Array(buffer, at, count);
    case 'u32': return new Uint32Array(buffer, at, count);
    case 'f32': return new Float32Array(buffer, at, count);
    case 'f64': return new Float64Array(buffer, at, count);
    case 'i64':
    case 'u64': {
      const big = kind === 'i64' ? new BigInt64Array(buffer, at, count) : new BigUint64Array(buffer, at, count);
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = Number(big[i]);
      return out;
    }
  }
}

function swapBytes(data: Uint8Array, size: number): void {
  for (let i = 0; i + size <= data.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = data[a];
      data[a] = data[b];
      data[b] = t;
    }
  }
}
