/** Strip decompressors for the TIFF reader: LZW (TIFF 6 variant) and PackBits. Deflate comes from fflate. */

/** TIFF LZW (MSB-first codes of 9-12 bits, early change). Stops at `expected` bytes or end of input. */
export function lzwDecode(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const stack = new Uint8Array(4096);
  for (let c = 0; c < 256; c++) {
    suffix[c] = c;
    first[c] = c;
    prefix[c] = -1;
  }
  let op = 0;
  let bitPos = 0;
  let width = 9;
  let next = 258;
  let old = -1;
  const totalBits = input.length * 8;
  const readCode = (): number => {
    if (bitPos + width > totalBits) return 257;
    let v = 0;
    for (let i = 0; i < width; i++, bitPos++) v = (v << 1) | ((input[bitPos >> 3] >> (7 - (bitPos & 7))) & 1);
    return v;
  };
  const emit = (code: number): void => {
    let depth = 0;
    for (let c = code; c >= 0 && depth < 4096; c = prefix[c]) stack[depth++] = suffix[c];
    while (depth > 0 && op < expected) out[op++] = stack[--depth];
  };
  while (op < expected) {
    let code = readCode();
    if (code === 257) break;
    if (code === 256) {
      width = 9;
      next = 258;
      old = -1;
      continue;
    }
    if (old < 0) {
      if (code > 255) throw new Error('invalid LZW data');
      emit(code);
      old = code;
      continue;
    }
    if (code > next) throw new Error('invalid LZW data');
    const known = code < next;
    if (next < 4096) {
      prefix[next] = old;
      suffix[next] = known ? first[code] : first[old];
      first[next] = first[old];
      next++;
    }
    emit(code);
    old = code;
    if (next >= (1 << width) - 1 && width < 12) width++;
  }
  return op === expected ? out : out.subarray(0, op);
}

/** PackBits run-length decoding. */
export function packBitsDecode(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let ip = 0;
  let op = 0;
  while (ip < input.length && op < expected) {
    const h = (input[ip++] << 24) >> 24;
    if (h >= 0) {
      const n = Math.min(h + 1, expected - op, input.length - ip);
      out.set(input.subarray(ip, ip + n), op);
      ip += h + 1;
      op += n;
    } else if (h !== -128) {
      const n = Math.min(1 - h, expected - op);
      out.fill(input[ip++], op, op + n);
      op += n;
    }
  }
  return op === expected ? out : out.subarray(0, op);
}
