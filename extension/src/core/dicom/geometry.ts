/** Small vector helpers for slice geometry. */
import { planeOfNormal } from '../plane';
import type { Vec3 } from './model';

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Unit slice normal (row cosines × column cosines), undefined for a missing or degenerate orientation. */
export function sliceNormal(orientation: number[] | undefined): Vec3 | undefined {
  if (!orientation || orientation.length < 6) return undefined;
  const n = cross([orientation[0], orientation[1], orientation[2]], [orientation[3], orientation[4], orientation[5]]);
  const len = Math.sqrt(dot(n, n));
  if (!(len > 1e-6)) return undefined;
  return [n[0] / len, n[1] / len, n[2] / len];
}

/** Do two normals describe the same slice plane (parallel or anti-parallel)? */
export function sameOrientation(a: Vec3, b: Vec3): boolean {
  return Math.abs(dot(a, b)) > 0.999;
}

/** 'axial', 'coronal' or 'sagittal' by the normal's dominant patient axis ('oblique' when none dominates). */
export function planeName(normal: Vec3): string {
  return planeOfNormal(normal) ?? 'oblique';
}
