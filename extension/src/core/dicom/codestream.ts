/**
 * What a compressed frame says about itself, read from its headers before any decoder runs: the JPEG
 * frame header (SOFn, JPEG-LS SOF55: precision, size, components), the JPEG 2000 image size (SIZ), and
 * whether the codestream ends with its end marker. The decoders allocate what these headers declare,
 * so a frame whose size differs from the DICOM header's Rows/Columns is refused before decoding, and a
 * JPEG-LS codestream without its end marker is refused too (CharLS can spend half a minute past the
 * end of a truncated one).
 */

export interface CodestreamInfo {
  width: number;
  height: number;
  /** Bits per sample (JPEG precision; JPEG 2000: of the first component). */
  precision: number;
  components: number;
  /** JPEG SOF marker (0xC0 baseline, 0xC1 extended, 0xC3 lossless, 0xF7 JPEG-LS); 0 for JPEG 2000. */
  marker: number;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf, 0xf7]);

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}

/** The frame header of a JPEG family codestream (baseline, extended, lossless, JPEG-LS); null when absent. */
export function jpegFrameHeader(b: Uint8Array): CodestreamInfo | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
    const length = u16(b, at + 2);
    if (length < 2) return null;
    if (SOF.has(marker)) {
      if (at + 10 > b.length || length < 8 + 3 * b[at + 9]) return null;
      return { marker, precision: b[at + 4], height: u16(b, at + 5), width: u16(b, at + 7), components: b[at + 9] };
    }
    at += 2 + length;
  }
  return null;
}

/** Image size of a JPEG 2000 codestream (raw, or inside a JP2 file); null when no SIZ marker is found. */
export function j2kSize(b: Uint8Array): CodestreamInfo | null {
  // The SIZ segment directly follows SOC (FF4F FF51); in a JP2 file the codestream sits in its jp2c box.
  // SIZ after its marker: Lsiz, Rsiz (2 bytes each), Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz,
  // YTOsiz (4 each), Csiz (2), then Ssiz of the first component.
  const limit = Math.min(b.length - 43, 4096);
  for (let at = 0; at <= limit; at++) {
    if (b[at] === 0xff && b[at + 1] === 0x4f && b[at + 2] === 0xff && b[at + 3] === 0x51) {
      const s = at + 4;
      const width = u32(b, s + 4) - u32(b, s + 12);
      const height = u32(b, s + 8) - u32(b, s + 16);
      return { marker: 0, width, height, components: u16(b, s + 36), precision: (b[s + 38] & 0x7f) + 1 };
    }
  }
  return null;
}

/** Does the codestream end with FFD9 (JPEG EOI, JPEG 2000 EOC), allowing trailing zero padding? */
export function hasEndMarker(b: Uint8Array): boolean {
  let end = b.length;
  while (end > 2 && b[end - 1] === 0 && b.length - end < 16) end--;
  return end >= 2 && b[end - 2] === 0xff && b[end - 1] === 0xd9;
}
