/**
 * FreeSurfer MGH / MGZ reader (.mgh, .mgz = gzipped .mgh). Pure TypeScript.
 *
 * Layout (big-endian): int32 version (1), width, height, depth, nframes, type, dof; int16 goodRASFlag;
 * when goodRASFlag > 0: float32 spacing x, y, z, then 9 direction cosines and 3 centre coordinates.
 * Voxels start at byte 284, x fastest, frames last. Types: 0 uchar, 1 int32, 3 float32, 4 int16.
 * After the voxels, optional float32 TR (ms), flip angle (radians), TE (ms), TI (ms), FoV.
 *
 * Not MGH at all -> throws Error("not an MGH file: ..."); corrupt/truncated -> `skip` "unreadable: ...".
 * Slicing and display orientation as for NIfTI (see grid.ts). `format` is 'nifti' (the volume-file format
 * of the core's SourceFormat).
 */
import type { LoadedSeries, SeriesHeader } from '../types';
import { chooseAxis, cleanSpacing, frameKeys, sliceGrid, type Grid, type SliceAxis } from './grid';
import { gunzip, isGzip } from './gzip';
import { BYTES_PER, readNumbers, type NumberKind } from './numeric';
import { orientationFromColumns, orientationOf } from './orientation';
import { planeOfAxis } from '../plane';
import { fileSeries, messageOf, skippedSeries } from './series';

const MGH_TYPES: Record<number, NumberKind> = { 0: 'u8', 1: 'i32', 3: 'f32', 4: 'i16' };
const DATA_OFFSET = 284;

export function readMgh(source: string, bytes: Uint8Array, opts: { axis?: SliceAxis } = {}): LoadedSeries {
  const skip = (reason: string, warnings: string[] = []) => skippedSeries(source, 'nifti', reason, warnings);
  let data = bytes;
  if (isGzip(bytes)) {
    try {
      data = gunzip(bytes);
    } catch (e) {
      return skip(`unreadable: ${messageOf(e)}`);
    }
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 30 || view.getInt32(0, false) !== 1) throw new Error(`not an MGH file: ${source}`);
  const [width, height, depth, nframes, type] = [4, 8, 12, 16, 20].map((at) => view.getInt32(at, false));
  const kind = MGH_TYPES[type];
  if (!kind) return skip(`unclassified: MGH data type ${type} not supported`);
  if (![width, height, depth, nframes].every((d) => d >= 1)) {
    return skip(`unreadable: invalid MGH dimensions [${width}, ${height}, ${depth}, ${nframes}]`);
  }
  const warnings: string[] = [];
  const goodRAS = view.getInt16(28, false);
  const rawSpacing = goodRAS > 0 && data.length >= 42 ? [30, 34, 38].map((at) => view.getFloat32(at, false)) : [NaN, NaN, NaN];
  if (goodRAS <= 0) warnings.push('MGH goodRASFlag not set: orientation unknown, assumed LIA');
  // Direction cosines x_(r,a,s), y_(r,a,s), z_(r,a,s); FreeSurfer assumes coronal LIA when they are not set.
  const columns = [42, 54, 66].map((at) => [0, 4, 8].map((o) => (data.length >= 90 ? view.getFloat32(at + o, false) : NaN)));
  const orientation = (goodRAS > 0 && orientationFromColumns(columns)) || orientationOf('LIA');
  const grid: Grid = {
    dims: [width, height, depth],
    frames: nframes,
    spacing: cleanSpacing(rawSpacing, warnings, 'MGH spacing'),
    orientation,
  };

  const voxels = width * height * depth * nframes;
  const needed = voxels * BYTES_PER[kind];
  const have = Math.max(0, data.length - DATA_OFFSET);
  if (have < needed) return skip(`unreadable: truncated MGH (${have} of ${needed} bytes of voxel data)`, warnings);

  const values = readNumbers(data, DATA_OFFSET, voxels, kind, false);
  const axis = chooseAxis(grid, opts.axis);
  const frameKey = frameKeys(nframes, undefined, warnings);
  const { volumes, nonFinite } = sliceGrid(values, grid, { axis, slope: 1, inter: 0, source, frameKey });
  if (nonFinite > 0) warnings.push(`${nonFinite} voxels were NaN or infinite: set to 0`);
  const series = fileSeries(source, 'nifti', volumes, warnings);
  const plane = planeOfAxis(grid.orientation?.[axis].anat ?? -1);
  if (plane) series.slicePlane = plane;
  series.header = scanParameters(view, DATA_OFFSET + needed);
  return series;
}

/** TR, flip angle, TE, TI stored after the voxels (0 or absent = unknown). */
function scanParameters(view: DataView, at: number): SeriesHeader {
  if (view.byteLength < at + 16) return {};
  const [tr, flip, te, ti] = [0, 4, 8, 12].map((o) => view.getFloat32(at + o, false));
  const header: SeriesHeader = {};
  const usable = (v: number) => Number.isFinite(v) && v > 0 && v < 1e6;
  if (usable(tr)) header.repetitionTime = tr;
  if (usable(flip) && flip < 2 * Math.PI) header.flipAngle = (flip * 180) / Math.PI;
  if (usable(te)) header.echoTime = te;
  if (usable(ti)) header.inversionTime = ti;
  return header;
}
