/**
 * Test-only DICOM RLE Lossless encoder (PS3.5 Annex G): one PackBits segment per byte plane,
 * most significant byte first. Used to build RLE fixtures for the reader's decoder.
 */

function packBits(src: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && src[i + run] === src[i] && run < 128) run++;
    if (run >= 3) {
      out.push(257 - run, src[i]); // -(run - 1) as a byte
      i += run;
      continue;
    }
    const start = i;
    while (i < src.length && i - start < 128) {
      if (i + 2 < src.length && src[i] === src[i + 1] && src[i] === src[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...src.subarray(start, i));
  }
  if (out.length % 2) out.push(0);
  return out;
}

/**
 * Encode one frame. `samples` holds stored values (unsigned bit patterns), colour-by-plane when
 * samplesPerPixel > 1; `bitsAllocated` is 8, 16 or 32.
 */
export function encodeRle(samples: ArrayLike<number>, pixels: number, bitsAllocated: number, samplesPerPixel = 1): Uint8Array {
  const bytesPerSample = bitsAllocated / 8;
  const segments: number[][] = [];
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < samplesPerPixel; s++) {
    for (let b = 0; b < bytesPerSample; b++) {
      const shift = 8 * (bytesPerSample - 1 - b);
      for (let i = 0; i < pixels; i++) plane[i] = Math.floor(samples[s * pixels + i] / 2 ** shift) & 0xff;
      segments.push(packBits(plane));
    }
  }
  const total = 64 + segments.reduce((n, seg) => n + seg.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, k) => {
    view.setUint32(4 + 4 * k, offset, true);
    out.set(seg, offset);
    offset += seg.length;
  });
  return out;
}
