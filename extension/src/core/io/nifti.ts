/**
 * NIfTI-1 / NIfTI-2 reader (.nii and .nii.gz) for the core: bytes in, LoadedSeries out. Pure TypeScript.
 *
 * Bytes that are not NIfTI at all -> throws Error("not a NIfTI file: <source>").
 * Corrupt or truncated data -> a LoadedSeries with `skip` "unreadable: ..." (never throws for those).
 * Unsupported content (RGB, complex, 5D, .hdr/.img pairs) -> `skip` "unclassified: ...".
 * Slicing and the display orientation of slices are described in grid.ts.
 */
import type { LoadedSeries } from '../types';
import { chooseAxis, cleanSpacing, frameKeys, sliceGrid, AXIS_NAMES, type Grid, type SliceAxis } from './grid';
import { gunzip, gunzipHead, isGzip } from './gzip';
import { DATATYPES, UNSUPPORTED_DATATYPES, niftiMagic, parseNiftiHeader, sniff, type NiftiHeader } from './nifti-header';
import { BYTES_PER, readNumbers } from './numeric';
import { orientationFromColumns, orientationOf, quaternionColumns, type Orientation } from './orientation';
import { planeOfAxis } from '../plane';
import { fileSeries, messageOf, skippedSeries } from './series';

export type { SliceAxis } from './grid';

export interface NiftiOptions {
  /** Slice axis; 'auto' (default) = the axis with the largest voxel spacing, ties -> k. */
  axis?: SliceAxis;
  /** One b-value per volume of a 4D file (from an FSL .bval sidecar). */
  bValues?: number[];
}

/** True for NIfTI-1/2 bytes (single file or header of a pair), plain or gzipped. */
export function isNifti(bytes: Uint8Array): boolean {
  const head = isGzip(bytes) ? gunzipHead(bytes, 544) : bytes;
  return niftiMagic(head) !== null;
}

/** Starts like a NIfTI header (sizeof_hdr 348 or 540) but is too short to hold one. */
function truncatedHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes.length < 544 && sniff(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)) !== null;
}

export function readNifti(source: string, bytes: Uint8Array, opts: NiftiOptions = {}): LoadedSeries {
  const skip = (reason: string, warnings: string[] = []) => skippedSeries(source, 'nifti', reason, warnings);
  let data = bytes;
  if (isGzip(bytes)) {
    try {
      data = gunzip(bytes);
    } catch (e) {
      const head = gunzipHead(bytes, 544);
      if (niftiMagic(head) === null && !truncatedHeader(head)) throw new Error(`not a NIfTI file: ${source}`);
      return skip(`unreadable: ${messageOf(e)}`);
    }
  }
  const hdr = parseNiftiHeader(data);
  if (!hdr) {
    if (truncatedHeader(data)) return skip('unreadable: truncated NIfTI header');
    throw new Error(`not a NIfTI file: ${source}`);
  }
  if (!hdr.singleFile) return skip('unclassified: NIfTI header without image data (.hdr/.img pairs are not supported)');

  const type = DATATYPES[hdr.datatype];
  if (!type) {
    if (hdr.datatype === 128 || hdr.datatype === 2304) return skip('unclassified: RGB image');
    const name = UNSUPPORTED_DATATYPES[hdr.datatype];
    return skip(name ? `unclassified: NIfTI datatype ${name} not supported` : `unreadable: unknown NIfTI datatype ${hdr.datatype}`);
  }

  const nd = hdr.dim[0];
  if (!(nd >= 1 && nd <= 7)) return skip(`unreadable: invalid NIfTI dim[0] = ${nd}`);
  const dims = hdr.dim.map((d, n) => (n === 0 ? nd : n <= nd ? d : 1));
  if (dims.slice(1, 4).some((d) => !(d >= 1))) return skip(`unreadable: invalid NIfTI dimensions [${dims.slice(1, nd + 1).join(', ')}]`);
  const frames = Math.max(1, dims[4]);
  if (dims.slice(5).some((d) => d > 1)) {
    return skip(`unclassified: ${nd}D NIfTI not supported (dims [${dims.slice(1, nd + 1).join(', ')}])`);
  }

  const warnings: string[] = [];
  const voxels = dims[1] * dims[2] * dims[3] * frames;
  const size = BYTES_PER[type.kind];
  let offset = Math.floor(hdr.voxOffset);
  if (!(offset >= hdr.headerSize)) {
    warnings.push(`NIfTI vox_offset ${hdr.voxOffset} is invalid: assumed ${hdr.headerSize + 4}`);
    offset = hdr.headerSize + 4;
  }
  const have = Math.max(0, data.length - offset);
  if (have < voxels * size) {
    return skip(`unreadable: truncated NIfTI (${have} of ${voxels * size} bytes of voxel data)`, warnings);
  }

  const grid: Grid = {
    dims: [dims[1], dims[2], dims[3]],
    frames,
    spacing: cleanSpacing(hdr.pixdim.slice(1, 4), warnings, 'NIfTI pixdim'),
    orientation: niftiOrientation(hdr, warnings),
  };
  const scaled = Number.isFinite(hdr.sclSlope) && hdr.sclSlope !== 0;
  const slope = scaled ? hdr.sclSlope : 1;
  const inter = scaled && Number.isFinite(hdr.sclInter) ? hdr.sclInter : 0;
  if (opts.axis && !['auto', ...AXIS_NAMES].includes(opts.axis)) warnings.push(`unknown slice axis "${opts.axis}": used auto`);

  const values = readNumbers(data, offset, voxels, type.kind, hdr.littleEndian);
  const keyOf = frameKeys(frames, opts.bValues, warnings);
  const axis = chooseAxis(grid, opts.axis);
  const { volumes, nonFinite } = sliceGrid(values, grid, { axis, slope, inter, source, frameKey: keyOf });
  if (nonFinite > 0) warnings.push(`${nonFinite} voxels were NaN or infinite: set to 0`);
  const series = fileSeries(source, 'nifti', volumes, warnings);
  const plane = planeOfAxis(grid.orientation?.[axis].anat ?? -1);
  if (plane) series.slicePlane = plane;
  const bValues = volumes.map((v) => v.bValue).filter((b): b is number => b !== undefined);
  if (bValues.length > 0) series.header.bValues = [...new Set(bValues)].sort((a, b) => a - b);
  return series;
}

/** Orientation from the sform (preferred) or the qform; LAS (the Analyze convention) when neither is usable. */
function niftiOrientation(hdr: NiftiHeader, warnings: string[]): Orientation {
  if (hdr.sformCode > 0) {
    const fromS = orientationFromColumns([0, 1, 2].map((c) => hdr.srow.map((row) => row[c])));
    if (fromS) return fromS;
  }
  if (hdr.qformCode > 0) {
    const fromQ = orientationFromColumns(quaternionColumns(...hdr.quatern, hdr.pixdim[0]));
    if (fromQ) return fromQ;
  }
  warnings.push('NIfTI qform and sform missing or invalid: orientation unknown, assumed LAS');
  return orientationOf('LAS');
}
