/**
 * DICOM RLE Lossless (1.2.840.10008.1.2.5) decoder, PS3.5 Annex G.
 * A frame is a 64-byte header (segment count + 15 offsets) followed by PackBits segments; each segment
 * holds one byte plane (most significant byte first) of one sample.
 */

export interface RleImage {
  rows: number;
  columns: number;
  bitsAllocated: number;
  samplesPerPixel: number;
}

/** Decode one PackBits segment into `out`; returns the number of bytes produced. */
function unpackSegment(src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let o = 0;
  const n = out.length;
  while (i < end && o < n) {
    const header = src[i++];
    const count = header > 127 ? header - 256 : header;
    if (count >= 0) {
      const len = Math.min(count + 1, n - o, end - i);
      out.set(src.subarray(i, i + len), o);
      o += len;
      i += count + 1;
    } else if (count > -128) {
      const len = Math.min(1 - count, n - o);
      out.fill(src[i++], o, o + len);
      o += len;
    }
  }
  return o;
}

/**
 * Decode an RLE frame. Returns samples in a typed array sized to BitsAllocated (Uint8/Uint16/Uint32),
 * colour-by-plane when SamplesPerPixel > 1.
 */
export function decodeRle(frame: Uint8Array, image: RleImage): Uint8Array | Uint16Array | Uint32Array {
  if (frame.length < 64) throw new Error('RLE frame shorter than its 64-byte header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = image.bitsAllocated / 8;
  if (![1, 2, 4].includes(bytesPerSample)) throw new Error(`RLE with BitsAllocated ${image.bitsAllocated} is not supported`);
  const expected = bytesPerSample * image.samplesPerPixel;
  if (segments !== expected) {
    throw new Error(`RLE frame has ${segments} segments, expected ${expected}`);
  }
  const pixels = image.rows * image.columns;
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  offsets.push(frame.length);
  const plane = new Uint8Array(pixels);
  const total = pixels * image.samplesPerPixel;
  const out =
    bytesPerSample === 1 ? new Uint8Array(total) : bytesPerSample === 2 ? new Uint16Array(total) : new Uint32Array(total);
  for (let sample = 0; sample < image.samplesPerPixel; sample++) {
    for (let b = 0; b < bytesPerSample; b++) {
      const s = sample * bytesPerSample + b;
      const start = offsets[s];
      const end = Math.min(offsets[s + 1] > start ? offsets[s + 1] : frame.length, frame.length);
      if (start < 64 || start > frame.length) throw new Error(`RLE segment ${s + 1} offset ${start} is out of range`);
      const produced = unpackSegment(frame, start, end, plane);
      if (produced < pixels) {
        throw new Error(`RLE segment ${s + 1} holds ${produced} of ${pixels} bytes (truncated or corrupt)`);
      }
      const shift = 8 * (bytesPerSample - 1 - b);
      const base = sample * pixels;
      if (shift === 0 && bytesPerSample === 1) {
        out.set(plane, base);
      } else {
        for (let i = 0; i < pixels; i++) out[base + i] += plane[i] * 2 ** shift;
      }
    }
  }
  return out;
}
