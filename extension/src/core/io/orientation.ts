/**
 * Which anatomical direction each voxel axis runs along, from a NIfTI qform/sform or MGH direction cosines.
 * Used only to show slices the conventional way up (see grid.ts); voxels are never resampled.
 */

/** Anatomical axis 0 = x (left-right), 1 = y (posterior-anterior), 2 = z (inferior-superior), RAS signs. */
export interface AxisDirection {
  anat: 0 | 1 | 2;
  /** +1 when the voxel index increases towards Right, Anterior or Superior; -1 towards L, P or I. */
  sign: 1 | -1;
}

/** Direction of voxel axes i, j, k. */
export type Orientation = [AxisDirection, AxisDirection, AxisDirection];

/** Orientation from three-letter codes such as "LAS" (letters: where each voxel axis points). */
export function orientationOf(code: string): Orientation {
  const letters: Record<string, AxisDirection> = {
    R: { anat: 0, sign: 1 }, L: { anat: 0, sign: -1 }, A: { anat: 1, sign: 1 },
    P: { anat: 1, sign: -1 }, S: { anat: 2, sign: 1 }, I: { anat: 2, sign: -1 },
  };
  return [...code].map((ch) => letters[ch]) as Orientation;
}

/** Three-letter code of an orientation, e.g. "LAS". */
export function orientationCode(o: Orientation): string {
  return o.map((d) => (d.sign > 0 ? 'RAS' : 'LPI')[d.anat]).join('');
}

/**
 * Nearest-axis orientation of a direction matrix given as three columns (one per voxel axis, RAS
 * components). Greedy on the largest components, so oblique data still maps to a permutation.
 * null when the matrix is degenerate (a zero or non-finite column).
 */
export function orientationFromColumns(columns: number[][]): Orientation | null {
  if (columns.some((col) => col.some((v) => !Number.isFinite(v)) || col.every((v) => v === 0))) return null;
  const pairs: { axis: number; anat: number; value: number }[] = [];
  columns.forEach((col, axis) => col.forEach((value, anat) => pairs.push({ axis, anat, value })));
  pairs.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const out: (AxisDirection | undefined)[] = [undefined, undefined, undefined];
  const usedAnat = new Set<number>();
  for (const p of pairs) {
    if (out[p.axis] || usedAnat.has(p.anat)) continue;
    out[p.axis] = { anat: p.anat as 0 | 1 | 2, sign: p.value < 0 ? -1 : 1 };
    usedAnat.add(p.anat);
  }
  return out as Orientation;
}

/** Columns of the NIfTI qform rotation (quaternion b, c, d; qfac = pixdim[0], -1 flips k). */
export function quaternionColumns(b: number, c: number, d: number, qfac: number): number[][] {
  const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
  const q = qfac < 0 ? -1 : 1;
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c + a * d), 2 * (b * d - a * c)],
    [2 * (b * c - a * d), a * a + c * c - b * b - d * d, 2 * (c * d + a * b)],
    [2 * (b * d + a * c) * q, 2 * (c * d - a * b) * q, (a * a + d * d - b * b - c * c) * q],
  ];
}
