/**
 * Synthetic DICOM for tests: `makeMrSeries(spec)` writes a whole MR series (one file per slice, or one
 * Enhanced MR multi-frame file, or Siemens mosaics) with known pixel values, so tests can compare what
 * a reader returns with `expectedSlice(spec, volume, slice)`.
 *
 * A series holds `volumes` stacks of `slices` slices at the same positions. Volume v has b-value
 * `bValues[v]` (when given) and is time point v otherwise. Stored pixel values come from
 * `spec.pixelValue` or a default pattern that differs per volume, slice, row and column.
 *
 * Everything is optional; `makeMrSeries({})` gives 4 axial 8x8 16-bit slices, 2 mm apart, explicit VR
 * little endian. JPEG-LS and JPEG 2000 need codec modules: use `makeMrSeriesAsync` for those.
 *
 *   const files = makeMrSeries({ slices: 5, rescale: { slope: 2, intercept: -10 } });
 *   const { series } = await readDicom(files.map((bytes, i) => ({ source: `f${i}.dcm`, bytes })));
 *   expect(series[0].volumes[0].slices[0].pixels).toEqual(expectedSlice(spec, 0, 0));
 */
import { SOP_CLASS, TS, el, newUid, writeDicom } from './dicomWriter';
import { buildClassicFile, buildEnhancedFile, buildMosaicFile } from './fixtureFiles';
import { type MrSeriesSpec, resolveSpec } from './fixtureSpec';
import { type Encoders, loadEncoders, needsAsyncEncoder } from './frameEncoders';

export { TS, SOP_CLASS, el, newUid, writeDicom, type El, type RawDict } from './dicomWriter';
export {
  type MrSeriesSpec,
  type ResolvedSpec,
  resolveSpec,
  storedValue,
  expectedSlice,
  specNormal,
  slicePosition,
} from './fixtureSpec';

function build(spec: MrSeriesSpec, encoders: Encoders): Uint8Array[] {
  const s = resolveSpec(spec);
  if (s.enhanced) return [writeDicom(buildEnhancedFile(s, encoders), { transferSyntax: s.transferSyntax })];
  const files: Uint8Array[] = [];
  if (s.mosaic) {
    for (let v = 0; v < s.volumes; v++) {
      files.push(writeDicom(buildMosaicFile(s, v, encoders), { transferSyntax: s.transferSyntax }));
    }
    return files;
  }
  for (let v = 0; v < s.volumes; v++) {
    for (let k = 0; k < s.slices; k++) {
      files.push(writeDicom(buildClassicFile(s, v, k, encoders), { transferSyntax: s.transferSyntax }));
    }
  }
  return files;
}

/** Write the series; one Uint8Array per file (slice-major within each volume). */
export function makeMrSeries(spec: MrSeriesSpec = {}): Uint8Array[] {
  const ts = spec.transferSyntax ?? TS.explicitLE;
  if (needsAsyncEncoder(ts)) throw new Error(`transfer syntax ${ts} needs makeMrSeriesAsync`);
  return build(spec, {});
}

/** makeMrSeries for every syntax, JPEG-LS and JPEG 2000 included (their encoders load asynchronously). */
export async function makeMrSeriesAsync(spec: MrSeriesSpec = {}): Promise<Uint8Array[]> {
  return build(spec, await loadEncoders(spec.transferSyntax ?? TS.explicitLE));
}

/** Files as reader inputs, named `${prefix}${index}.dcm`. */
export function asInputs(files: Uint8Array[], prefix = 'file'): Array<{ source: string; bytes: Uint8Array }> {
  return files.map((bytes, i) => ({ source: `${prefix}${i}.dcm`, bytes }));
}

/** A DICOM object without pixels: a Basic Text SR ('sr') or a Grayscale Presentation State ('pr'). */
export function makeNonImageDicom(kind: 'sr' | 'pr', seriesInstanceUID = newUid()): Uint8Array {
  const sop = kind === 'sr' ? SOP_CLASS.basicTextSr : SOP_CLASS.grayscalePresentationState;
  return writeDicom({
    '00080016': el('UI', sop),
    '00080018': el('UI', newUid()),
    '00080060': el('CS', kind === 'sr' ? 'SR' : 'PR'),
    '0020000D': el('UI', '2.25.7799'),
    '0020000E': el('UI', seriesInstanceUID),
  });
}
