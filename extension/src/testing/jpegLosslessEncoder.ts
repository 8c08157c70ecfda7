/**
 * Test-only JPEG lossless (ITU T.81 process 14, SOF3) encoder for one grey frame, so that fixtures for
 * transfer syntaxes 1.2.840.10008.1.2.4.57/.70 can be written without an external encoder.
 * One Huffman table gives every difference category (0–16) a 5-bit code.
 */

class BitWriter {
  bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >>> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.bytes;
  }
}

function predict(sel: number, ra: number, rb: number, rc: number): number {
  switch (sel) {
    case 1: return ra;
    case 2: return rb;
    case 3: return rc;
    case 4: return ra + rb - rc;
    case 5: return ra + ((rb - rc) >> 1);
    case 6: return rb + ((ra - rc) >> 1);
    case 7: return (ra + rb) >> 1;
    default: throw new Error(`bad predictor ${sel}`);
  }
}

/**
 * Encode `samples` (unsigned values below 2^precision, row-major) as a JPEG lossless stream.
 * `predictor` 1–7 (1 is the "SV1" of transfer syntax .70).
 */
export function encodeJpegLossless(samples: ArrayLike<number>, width: number, height: number, precision: number, predictor = 1): Uint8Array {
  const out: number[] = [0xff, 0xd8];
  // SOF3: precision, height, width, one component (id 1, sampling 1x1, no quantisation table).
  out.push(0xff, 0xc3, 0, 11, precision, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0);
  // DHT: DC table 0, 17 codes of 5 bits for categories 0..16.
  const counts = new Array(16).fill(0);
  counts[4] = 17;
  out.push(0xff, 0xc4, 0, 2 + 1 + 16 + 17, 0x00, ...counts, ...Array.from({ length: 17 }, (_, i) => i));
  // SOS: one component, table 0, predictor, Se 0, point transform 0.
  out.push(0xff, 0xda, 0, 8, 1, 1, 0x00, predictor, 0, 0);
  const bits = new BitWriter();
  const at = (x: number, y: number) => samples[y * width + x];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let pred: number;
      if (x === 0 && y === 0) pred = 1 << (precision - 1);
      else if (y === 0) pred = at(x - 1, 0);
      else if (x === 0) pred = at(0, y - 1);
      else pred = predict(predictor, at(x - 1, y), at(x, y - 1), at(x - 1, y - 1));
      let diff = (at(x, y) - pred) % 65536;
      if (diff >= 32768) diff -= 65536;
      if (diff < -32768) diff += 65536;
      const magnitude = Math.abs(diff);
      const category = diff === -32768 ? 16 : magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
      bits.write(category, 5);
      if (category > 0 && category < 16) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
    }
  }
  out.push(...bits.finish(), 0xff, 0xd9);
  return new Uint8Array(out);
}
