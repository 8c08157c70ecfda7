/**
 * Decoders that node hands to the core: 12-bit JPEG (JPEG Extended, DICOM 1.2.840.10008.1.2.4.51)
 * through the decoder cornerstone's DICOM image loader carries (@cornerstonejs/dicom-image-loader,
 * dist/esm/codecs/jpeg.js, a pdf.js-derived baseline/extended DCT decoder). The package does not
 * export that file, so it is loaded by path.
 *
 * Its 12-bit output is offset: it scales the whole 8-bit level-shift-and-round constant (2056) by
 * 4095/255 instead of only the level shift, which adds about 15 counts to every sample (an all-zero
 * block decodes to 2063 instead of 2048). The offset is subtracted here; the round-trip test in
 * node/codecs.test.ts pins it, so an upstream fix shows up as a failing test rather than a shift.
 * The decoder clips at 4095 before the offset is removed, so the top 15 levels (4081-4095) come out
 * as 4080.
 */
import * as path from 'node:path';
import { registerJpeg12Decoder } from '../core/dicom';

interface JpegImage {
  parse(data: Uint8Array): void;
  colorTransform: boolean;
  width: number;
  height: number;
  components: unknown[];
  getData16(width: number, height: number): Uint16Array;
}

let ctor: (new () => JpegImage) | undefined;

function loadJpegImage(): new () => JpegImage {
  if (!ctor) {
    const dir = path.dirname(require.resolve('@cornerstonejs/dicom-image-loader/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, 'dist', 'esm', 'codecs', 'jpeg.js')) as { default?: new () => JpegImage };
    if (typeof mod.default !== 'function') throw new Error('@cornerstonejs/dicom-image-loader has no JPEG decoder at dist/esm/codecs/jpeg.js');
    ctor = mod.default;
  }
  return ctor;
}

/** The decoder's offset for `precision`-bit output (0 for 8 bits, 15 for 12). */
export function levelShiftError(precision: number): number {
  const max = 2 ** precision - 1;
  return Math.round(((2056 * max) / 255 - (2 ** (precision - 1) * 16 + 8)) / 16);
}

/** Decode a 12-bit JPEG frame of `width` x `height` grey samples. */
export function decodeJpeg12(encoded: Uint8Array, width: number, height: number): Uint16Array {
  const Jpeg = loadJpegImage();
  const jpeg = new Jpeg();
  try {
    jpeg.parse(encoded);
  } catch (err) {
    // The decoder throws strings.
    throw new Error(err instanceof Error ? err.message : String(err));
  }
  if (jpeg.width !== width || jpeg.height !== height) throw new Error(`decoded frame is ${jpeg.width}x${jpeg.height}, expected ${width}x${height}`);
  if (jpeg.components.length !== 1) throw new Error(`12-bit JPEG with ${jpeg.components.length} components is not supported`);
  jpeg.colorTransform = false;
  const out = jpeg.getData16(width, height);
  const offset = levelShiftError(12);
  for (let i = 0; i < out.length; i++) out[i] = out[i] > offset ? out[i] - offset : 0;
  return out;
}

let registered = false;

/** Register the node-only decoders with the core (idempotent). */
export function registerNodeCodecs(): void {
  if (registered) return;
  registered = true;
  registerJpeg12Decoder(decodeJpeg12);
}
