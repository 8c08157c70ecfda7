/**
 * Stored values → modality values as Float32Array: sign extension from BitsStored, MONOCHROME1
 * inversion (so that bright always means high signal), RescaleSlope/Intercept, mosaic tiles.
 */
import type { ImageInfo, Samples } from './codecs';

export interface Rescale {
  slope: number;
  intercept: number;
}

/** Where a mosaic tile sits inside its frame. */
export interface Tile {
  /** 0-based tile number in reading order. */
  index: number;
  tileRows: number;
  tileColumns: number;
  /** Tiles per mosaic row. */
  perRow: number;
}

/**
 * Convert the first sample plane of `samples` to Float32 modality values.
 * - Signed data (PixelRepresentation 1) is sign-extended from BitsStored.
 * - MONOCHROME1 is inverted over the stored range before rescaling:
 *   unsigned v → (2^BitsStored − 1) − v, signed v → −1 − v.
 * - Float pixel data is taken as is (rescale still applies when present).
 */
export function toModality(samples: Samples, info: ImageInfo, rescale: Rescale, tile?: Tile): Float32Array {
  const srcColumns = info.columns;
  const rows = tile ? tile.tileRows : info.rows;
  const columns = tile ? tile.tileColumns : info.columns;
  const rowOffset = tile ? Math.floor(tile.index / tile.perRow) * tile.tileRows : 0;
  const colOffset = tile ? (tile.index % tile.perRow) * tile.tileColumns : 0;
  const out = new Float32Array(rows * columns);

  const isFloat = samples instanceof Float32Array || samples instanceof Float64Array;
  const signed = !isFloat && info.pixelRepresentation === 1;
  const bitsStored = Math.min(Math.max(info.bitsStored || info.bitsAllocated, 1), 32);
  const fullRange = 2 ** bitsStored;
  const signBit = 2 ** (bitsStored - 1);
  const invert = !isFloat && info.photometric.toUpperCase() === 'MONOCHROME1';
  const { slope, intercept } = rescale;

  for (let r = 0; r < rows; r++) {
    const srcRow = (r + rowOffset) * srcColumns + colOffset;
    const dstRow = r * columns;
    for (let c = 0; c < columns; c++) {
      let v = samples[srcRow + c];
      if (signed) {
        v = v % fullRange; // drop bits above BitsStored
        if (v >= signBit) v -= fullRange;
        if (invert) v = -1 - v;
      } else if (invert) {
        v = fullRange - 1 - v;
      }
      out[dstRow + c] = v * slope + intercept;
    }
  }
  return out;
}

/** Accumulate `src` into `sum` (for averaging diffusion directions or repeats). */
export function accumulate(sum: Float32Array, src: Float32Array): void {
  const n = Math.min(sum.length, src.length);
  for (let i = 0; i < n; i++) sum[i] += src[i];
}

/** Divide every value by `count`. */
export function divide(values: Float32Array, count: number): void {
  if (count <= 1) return;
  for (let i = 0; i < values.length; i++) values[i] /= count;
}

/** Set NaN and infinite values (float pixel data, an extreme rescale) to 0; returns how many there were. */
export function zeroNonFinite(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      values[i] = 0;
      n++;
    }
  }
  return n;
}
