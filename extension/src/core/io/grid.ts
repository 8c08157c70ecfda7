/**
 * Cuts a 3D/4D voxel grid (NIfTI, MGH) into 2D slices.
 *
 * Voxel (i, j, k, t) is at index i + ni * (j + nj * (k + nk * t)) (i fastest), as in NIfTI and MGH.
 *
 * Slice axis: a stored voxel axis (see chooseAxis). Display convention: each slice is shown the way DICOM
 * viewers show that plane (radiological), using the nearest anatomical direction of every voxel axis from
 * the file's orientation (qform/sform, MGH direction cosines); voxels are never resampled:
 *   - axial slice:    top = anterior, image left = patient right (rows A->P, columns R->L);
 *   - coronal slice:  top = superior, image left = patient right (rows S->I, columns R->L);
 *   - sagittal slice: top = superior, image left = anterior     (rows S->I, columns A->P).
 * In voxel terms: an in-plane axis is reversed when its index runs towards R, A or S. For data stored LAS
 * (the usual dcm2niix/FSL layout, and what we assume when the file gives no orientation) a k slice therefore
 * has rows along j reversed (anterior at the top) and columns along i (patient right = i 0 at the left).
 * pixelSpacing = [spacing of the row axis, spacing of the column axis]; position = slice index * spacing of the
 * slice axis. Slices are ordered by increasing index along the slice axis.
 */
import type { SliceImage, Volume } from '../types';
import { orientationOf, type Orientation } from './orientation';

export type SliceAxis = 'auto' | 'i' | 'j' | 'k';
export type Axis = 0 | 1 | 2;

export const AXIS_NAMES = ['i', 'j', 'k'] as const;

export interface Grid {
  /** Voxels along i, j, k. */
  dims: [number, number, number];
  /** Number of 3D volumes (4th dimension); 1 for a 3D image. */
  frames: number;
  /** Voxel spacing along i, j, k in mm (positive, finite). */
  spacing: [number, number, number];
  /** Anatomical direction of i, j, k; LAS when absent. */
  orientation?: Orientation;
}

/** Spacings within this relative tolerance count as equal when looking for the largest one. */
const TIE_TOLERANCE = 0.01;

/**
 * The slice axis: the requested one, or for 'auto' the through-plane (acquisition) axis.
 * 'auto': an axis with a single voxel (a 2D image) wins, k first; otherwise the axis with the largest spacing,
 * where near-ties (within 1 %) prefer k, then j, then i — so isotropic data is cut along k.
 */
export function chooseAxis(grid: Grid, requested: SliceAxis = 'auto'): Axis {
  const named = AXIS_NAMES.indexOf(requested as (typeof AXIS_NAMES)[number]);
  if (named >= 0) return named as Axis;
  const order: Axis[] = [2, 1, 0];
  const flat = order.find((a) => grid.dims[a] === 1 && grid.dims.some((d) => d > 1));
  if (flat !== undefined) return flat;
  const largest = Math.max(...grid.spacing);
  return order.find((a) => grid.spacing[a] >= largest * (1 - TIE_TOLERANCE)) ?? 2;
}

export interface Plane {
  rowAxis: Axis;
  rowFlip: boolean;
  colAxis: Axis;
  colFlip: boolean;
}

/**
 * Rows and columns of a slice cut along `axis`: rows follow the in-plane axis nearest to z (or to y for an
 * axial slice), columns the other one; an axis is reversed when its index runs towards R, A or S.
 */
export function planeFor(axis: Axis, orientation: Orientation = orientationOf('LAS')): Plane {
  const inPlane = ([0, 1, 2] as Axis[]).filter((a) => a !== axis);
  const rowAnat = orientation[axis].anat === 2 ? 1 : 2;
  const rowAxis = inPlane.find((a) => orientation[a].anat === rowAnat) ?? inPlane[1];
  const colAxis = inPlane.find((a) => a !== rowAxis)!;
  return { rowAxis, rowFlip: orientation[rowAxis].sign > 0, colAxis, colFlip: orientation[colAxis].sign > 0 };
}

export interface SliceOptions {
  axis: Axis;
  /** Multiplier and offset applied to every stored value (1 and 0 for none). */
  slope: number;
  inter: number;
  source: string;
  /** Volume key and b-value of frame t. */
  frameKey: (t: number) => { key: string; bValue?: number };
}

/**
 * Cuts `data` into one Volume per frame. Non-finite values (NaN, Inf in float data, float32 overflow after scaling) become 0; the count of
 * such voxels is returned so that the caller can warn.
 */
export function sliceGrid(data: ArrayLike<number>, grid: Grid, opts: SliceOptions): { volumes: Volume[]; nonFinite: number } {
  const [ni, nj] = grid.dims;
  const strides = [1, ni, ni * nj];
  const frameStride = ni * nj * grid.dims[2];
  const { rowAxis, rowFlip, colAxis, colFlip } = planeFor(opts.axis, grid.orientation);
  const height = grid.dims[rowAxis];
  const width = grid.dims[colAxis];
  const rowStride = strides[rowAxis];
  const colStride = strides[colAxis];
  const pixelSpacing: [number, number] = [grid.spacing[rowAxis], grid.spacing[colAxis]];
  const { slope, inter } = opts;
  let nonFinite = 0;
  const volumes: Volume[] = [];
  for (let t = 0; t < grid.frames; t++) {
    const slices: SliceImage[] = [];
    for (let s = 0; s < grid.dims[opts.axis]; s++) {
      const pixels = new Float32Array(width * height);
      const base = t * frameStride + s * strides[opts.axis];
      for (let r = 0; r < height; r++) {
        const rowBase = base + (rowFlip ? height - 1 - r : r) * rowStride;
        const out = r * width;
        for (let c = 0; c < width; c++) {
          // Math.fround: a finite double can still overflow float32 (an extreme scl_slope).
          const v = Math.fround(data[rowBase + (colFlip ? width - 1 - c : c) * colStride] * slope + inter);
          if (Number.isFinite(v)) pixels[out + c] = v;
          else nonFinite++;
        }
      }
      const slice: SliceImage = {
        width,
        height,
        pixels,
        pixelSpacing: [pixelSpacing[0], pixelSpacing[1]],
        position: s * grid.spacing[opts.axis],
        source: opts.source,
      };
      if (grid.frames > 1) slice.frame = t;
      slices.push(slice);
    }
    volumes.push({ ...opts.frameKey(t), slices });
  }
  return { volumes, nonFinite };
}

/** Keys for the frames of a grid: "" for 3D, "b=<v>" when b-values fit the frame count, else "t=<n>". */
export function frameKeys(
  frames: number,
  bValues: number[] | undefined,
  warnings: string[],
): (t: number) => { key: string; bValue?: number } {
  if (bValues && bValues.length > 0 && bValues.length !== frames) {
    warnings.push(`b-values ignored: ${bValues.length} given for ${frames} volumes`);
  }
  const useB = bValues !== undefined && bValues.length === frames && frames > 0;
  return (t) => {
    if (useB) return { key: `b=${bValues[t]}`, bValue: bValues[t] };
    return { key: frames > 1 ? `t=${t}` : '' };
  };
}

/** Spacing as given, or 1 mm (with a warning) when missing, zero, negative or not finite. */
export function cleanSpacing(raw: number[], warnings: string[], what: string): [number, number, number] {
  const out = [0, 1, 2].map((a) => {
    const v = Math.abs(raw[a]);
    return Number.isFinite(v) && v > 0 ? v : NaN;
  });
  if (out.some((v) => Number.isNaN(v))) warnings.push(`${what} missing or invalid: assumed 1 mm`);
  return out.map((v) => (Number.isNaN(v) ? 1 : v)) as [number, number, number];
}
