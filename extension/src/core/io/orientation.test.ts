import { planeFor } from './grid';
import { orientationCode, orientationFromColumns, orientationOf, quaternionColumns } from './orientation';

describe('orientationFromColumns', () => {
  it('maps axis-aligned and oblique matrices to the nearest axes', () => {
    expect(orientationCode(orientationFromColumns([[-2, 0, 0], [0, 2, 0], [0, 0, 3]])!)).toBe('LAS');
    expect(orientationCode(orientationFromColumns([[-1, 0, 0], [0, 0, -1], [0, 1, 0]])!)).toBe('LIA');
    // 30 degrees tilted about x: still nearest to j -> A, k -> S
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    expect(orientationCode(orientationFromColumns([[1, 0, 0], [0, c, s], [0, -s, c]])!)).toBe('RAS');
  });
  it('resolves a 45-degree tie into a permutation', () => {
    const h = Math.SQRT1_2;
    const o = orientationFromColumns([[h, h, 0], [-h, h, 0], [0, 0, 1]])!;
    expect(new Set(o.map((d) => d.anat)).size).toBe(3);
  });
  it('gives null for degenerate matrices', () => {
    expect(orientationFromColumns([[0, 0, 0], [0, 1, 0], [0, 0, 1]])).toBeNull();
    expect(orientationFromColumns([[NaN, 0, 0], [0, 1, 0], [0, 0, 1]])).toBeNull();
  });
});

describe('quaternionColumns', () => {
  it('gives identity for a zero quaternion and LAS for the usual dcm2niix qform', () => {
    expect(orientationCode(orientationFromColumns(quaternionColumns(0, 0, 0, 1))!)).toBe('RAS');
    expect(orientationCode(orientationFromColumns(quaternionColumns(0, 1, 0, -1))!)).toBe('LAS');
    expect(orientationCode(orientationFromColumns(quaternionColumns(0, 0, 1, 1))!)).toBe('LPS');
  });
});

describe('planeFor', () => {
  it('shows axial, coronal and sagittal cuts of RAS data the radiological way', () => {
    const ras = orientationOf('RAS');
    expect(planeFor(2, ras)).toEqual({ rowAxis: 1, rowFlip: true, colAxis: 0, colFlip: true });
    expect(planeFor(1, ras)).toEqual({ rowAxis: 2, rowFlip: true, colAxis: 0, colFlip: true });
    expect(planeFor(0, ras)).toEqual({ rowAxis: 2, rowFlip: true, colAxis: 1, colFlip: true });
  });
  it('keeps LAS columns unflipped and follows permuted storage', () => {
    expect(planeFor(2, orientationOf('LAS'))).toEqual({ rowAxis: 1, rowFlip: true, colAxis: 0, colFlip: false });
    // FreeSurfer LIA, cut along k (coronal): rows along j (runs inferior: no flip), columns along i (left: no flip)
    expect(planeFor(2, orientationOf('LIA'))).toEqual({ rowAxis: 1, rowFlip: false, colAxis: 0, colFlip: false });
    // sagittal acquisition stored as (A, S, R): cut along k
    expect(planeFor(2, orientationOf('ASR'))).toEqual({ rowAxis: 1, rowFlip: true, colAxis: 0, colFlip: true });
  });
  it('defaults to LAS', () => {
    expect(planeFor(2)).toEqual(planeFor(2, orientationOf('LAS')));
  });
});
