/**
 * Single 2D images (PNG, JPEG, TIFF) -> one LoadedSeries with one Volume of one slice, `format: 'image'`.
 *
 * Colour: an image whose red, green and blue agree at every pixel is grayscale (their mean is used; for
 * JPEG a small disagreement from lossy chroma coding is allowed); otherwise `skip: "unclassified: RGB image"`.
 * Alpha is ignored. Pixel values are the stored samples (0-255 or 0-65535); pixel spacing is unknown.
 *
 * Bytes that are no PNG, JPEG or TIFF -> throws Error("not a PNG, JPEG or TIFF image: <source>").
 * Corrupt or truncated data -> `skip` "unreadable: ..."; unsupported variants -> `skip` "unclassified: ...";
 * an image over limits.ts's MAX_IMAGE_PIXELS -> `skip` "skipped: image too large (...)", before decoding.
 * All decoders are pure JavaScript (own PNG and TIFF code on fflate, jpeg-js for JPEG): no node built-ins.
 */
import { decode as decodeJpegJs } from 'jpeg-js';
import { jpegFrameHeader } from '../dicom/codestream';
import type { LoadedSeries } from '../types';
import { MAX_IMAGE_PIXELS, tooLarge } from './limits';
import { decodePng, isPng } from './png';
import type { DecodeResult, Raster } from './raster';
import { fileSeries, messageOf, skippedSeries } from './series';
import { decodeTiff, isTiff } from './tiff';

/** Largest channel difference still counted as gray in a JPEG (lossy YCbCr coding of gray RGB). */
const JPEG_GRAY_TOLERANCE = 12;

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function isImage2d(bytes: Uint8Array): boolean {
  return isPng(bytes) || isJpeg(bytes) || isTiff(bytes);
}

function decodeJpeg(bytes: Uint8Array): DecodeResult {
  const frame = jpegFrameHeader(bytes);
  if (frame && frame.width * frame.height > MAX_IMAGE_PIXELS) return { skip: tooLarge(`${frame.width}x${frame.height} pixels`, MAX_IMAGE_PIXELS) };
  const image = decodeJpegJs(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
  if (!(image.width > 0 && image.height > 0)) return { skip: 'unreadable: JPEG without image size' };
  return { raster: { width: image.width, height: image.height, channels: 3, data: image.data } };
}

/** Grayscale pixels of a raster, or null when it is a colour image. */
export function toGray(raster: Raster, tolerance: number): Float32Array | null {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const out = new Float32Array(n);
  if (channels <= 2) {
    for (let p = 0; p < n; p++) out[p] = data[p * channels];
    return out;
  }
  for (let p = 0; p < n; p++) {
    const r = data[p * channels];
    const g = data[p * channels + 1];
    const b = data[p * channels + 2];
    if (Math.abs(r - g) > tolerance || Math.abs(g - b) > tolerance || Math.abs(r - b) > tolerance) return null;
    out[p] = tolerance === 0 ? r : (r + g + b) / 3;
  }
  return out;
}

export async function readImage2d(source: string, bytes: Uint8Array): Promise<LoadedSeries> {
  const jpeg = isJpeg(bytes);
  const decoder = isPng(bytes) ? decodePng : jpeg ? decodeJpeg : isTiff(bytes) ? decodeTiff : null;
  const name = isPng(bytes) ? 'PNG' : jpeg ? 'JPEG' : 'TIFF';
  if (!decoder) throw new Error(`not a PNG, JPEG or TIFF image: ${source}`);
  let result: DecodeResult;
  try {
    result = decoder(bytes);
  } catch (e) {
    result = { skip: `unreadable: corrupt ${name} (${messageOf(e)})` };
  }
  if ('skip' in result) return skippedSeries(source, 'image', result.skip);
  const { raster } = result;
  const warnings = [...(result.warnings ?? [])];
  if (raster.channels > 4) return skippedSeries(source, 'image', `unclassified: image with ${raster.channels} channels`, warnings);
  const pixels = toGray(raster, jpeg ? JPEG_GRAY_TOLERANCE : 0);
  if (!pixels) return skippedSeries(source, 'image', 'unclassified: RGB image', warnings);
  let nonFinite = 0;
  for (let i = 0; i < pixels.length; i++) {
    if (!Number.isFinite(pixels[i])) {
      pixels[i] = 0;
      nonFinite++;
    }
  }
  if (nonFinite > 0) warnings.push(`${nonFinite} pixel values were NaN or infinite: set to 0`);
  const slice = { width: raster.width, height: raster.height, pixels, source };
  return fileSeries(source, 'image', [{ key: '', slices: [slice] }], warnings);
}
