/**
 * The plane of a series from its slice normal: axial, coronal or sagittal when the normal is within
 * about 37 degrees of a patient axis (|component| >= 0.8), oblique otherwise. Patient axes as in
 * DICOM: x = left-right, y = anterior-posterior, z = head-feet; the sign does not matter.
 */
import type { SlicePlane } from './types';

/** A normal whose largest component reaches this names that axis's plane. */
export const PLANE_COSINE = 0.8;

const PLANE_OF_AXIS: readonly SlicePlane[] = ['sagittal', 'coronal', 'axial'];

export function planeOfNormal(normal: readonly number[] | undefined): SlicePlane | undefined {
  if (!normal || normal.length < 3 || !normal.slice(0, 3).every(Number.isFinite)) return undefined;
  const len = Math.hypot(normal[0], normal[1], normal[2]);
  if (!(len > 0)) return undefined;
  const a = [0, 1, 2].map((i) => Math.abs(normal[i]) / len);
  const axis = a.indexOf(Math.max(...a));
  return a[axis] >= PLANE_COSINE ? PLANE_OF_AXIS[axis] : 'oblique';
}

/** The plane cut across an anatomical axis (0 = left-right, 1 = anterior-posterior, 2 = head-feet). */
export function planeOfAxis(anatomicalAxis: number): SlicePlane | undefined {
  return PLANE_OF_AXIS[anatomicalAxis];
}

/** Unit normal of an ImageOrientationPatient (row cosines, then column cosines); undefined when degenerate. */
export function normalOfOrientation(o: readonly number[] | undefined): [number, number, number] | undefined {
  if (!o || o.length < 6 || !o.slice(0, 6).every(Number.isFinite)) return undefined;
  const n = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  const len = Math.hypot(n[0], n[1], n[2]);
  return len > 1e-6 ? [n[0] / len, n[1] / len, n[2] / len] : undefined;
}
