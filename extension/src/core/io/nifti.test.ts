import { gzipSync } from 'fflate';
import { isNifti, readNifti } from './nifti';
import { makeNifti, type NiftiTypeName } from './testing';

/** A volume whose value encodes its own voxel index: v = i + 10 j + 100 k + 1000 t. */
function indexed(ni: number, nj: number, nk: number, nt = 1): number[] {
  const out: number[] = [];
  for (let t = 0; t < nt; t++)
    for (let k = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++) out.push(i + 10 * j + 100 * k + 1000 * t);
  return out;
}

const px = (s: { width: number; pixels: Float32Array }, r: number, c: number) => s.pixels[r * s.width + c];

describe('isNifti', () => {
  it('recognises NIfTI-1, NIfTI-2 and gzipped NIfTI', () => {
    const data = indexed(2, 2, 2);
    expect(isNifti(makeNifti({ dims: [2, 2, 2], data }))).toBe(true);
    expect(isNifti(makeNifti({ dims: [2, 2, 2], data, version: 2 }))).toBe(true);
    expect(isNifti(makeNifti({ dims: [2, 2, 2], data, gzip: true }))).toBe(true);
    expect(isNifti(makeNifti({ dims: [2, 2, 2], data, littleEndian: false }))).toBe(true);
  });
  it('rejects other bytes', () => {
    expect(isNifti(new Uint8Array(0))).toBe(false);
    expect(isNifti(new Uint8Array(400).fill(7))).toBe(false);
    expect(isNifti(gzipSync(new Uint8Array(1000).fill(3)))).toBe(false);
    expect(isNifti(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toBe(false);
  });
});

describe('readNifti slicing', () => {
  it('cuts along k (largest spacing) with anterior (last j) at the top', () => {
    const s = readNifti('a.nii', makeNifti({ dims: [4, 3, 2], pixdim: [0.5, 0.7, 3], data: indexed(4, 3, 2) }));
    expect(s.skip).toBeUndefined();
    expect(s.format).toBe('nifti');
    expect(s.id).toBe('a.nii');
    expect(s.sources).toEqual(['a.nii']);
    expect(s.volumes).toHaveLength(1);
    const [v] = s.volumes;
    expect(v.key).toBe('');
    expect(v.slices).toHaveLength(2);
    const slice = v.slices[1];
    expect([slice.width, slice.height]).toEqual([4, 3]);
    expect(slice.pixelSpacing).toEqual([expect.closeTo(0.7, 5), expect.closeTo(0.5, 5)]);
    expect(slice.position).toBeCloseTo(3);
    expect(v.slices[0].position).toBe(0);
    expect(px(slice, 0, 0)).toBe(0 + 10 * 2 + 100); // top row = last j
    expect(px(slice, 2, 3)).toBe(3 + 0 + 100); // bottom row = j 0, last column = last i
  });

  it('cuts along i when i has the largest spacing, superior up and anterior left', () => {
    const s = readNifti('a.nii', makeNifti({ dims: [2, 3, 4], pixdim: [5, 1, 1.2], data: indexed(2, 3, 4) }));
    const slices = s.volumes[0].slices;
    expect(slices).toHaveLength(2);
    expect([slices[0].width, slices[0].height]).toEqual([3, 4]);
    expect(slices[0].pixelSpacing).toEqual([expect.closeTo(1.2, 5), 1]);
    expect(slices[1].position).toBe(5);
    expect(px(slices[1], 0, 0)).toBe(1 + 10 * 2 + 100 * 3);
    expect(px(slices[1], 3, 2)).toBe(1);
  });

  it('cuts along j when j has the largest spacing, superior up', () => {
    const s = readNifti('a.nii', makeNifti({ dims: [2, 3, 4], pixdim: [1, 4, 2], data: indexed(2, 3, 4) }));
    const slices = s.volumes[0].slices;
    expect(slices).toHaveLength(3);
    expect([slices[2].width, slices[2].height]).toEqual([2, 4]);
    expect(slices[2].pixelSpacing).toEqual([2, 1]);
    expect(px(slices[2], 0, 1)).toBe(1 + 20 + 300);
    expect(px(slices[2], 3, 0)).toBe(20);
  });

  it('breaks ties towards k, then j, and follows an explicit axis', () => {
    const count = (pixdim: number[], axis?: 'i' | 'j' | 'k' | 'auto') =>
      readNifti('a.nii', makeNifti({ dims: [2, 3, 4], pixdim, data: indexed(2, 3, 4) }), { axis }).volumes[0].slices.length;
    expect(count([1, 1, 1])).toBe(4);
    expect(count([2, 2, 2.01])).toBe(4); // within 1 %: a tie
    expect(count([2, 2, 1])).toBe(3); // i and j tie: j
    expect(count([1, 1, 1], 'i')).toBe(2);
    expect(count([1, 1, 1], 'j')).toBe(3);
    expect(count([9, 1, 1], 'k')).toBe(4);
    expect(count([9, 1, 1], 'auto')).toBe(2);
  });

  it('reads the orientation from the sform, else the qform, and shows slices the radiological way', () => {
    const spec = { dims: [3, 2, 2], data: indexed(3, 2, 2) };
    const las = readNifti('a.nii', makeNifti({ ...spec, orientation: 'LAS' })).volumes[0].slices[0];
    const ras = readNifti('a.nii', makeNifti({ ...spec, orientation: 'RAS' })).volumes[0].slices[0];
    expect(Array.from(las.pixels)).toEqual([10, 11, 12, 0, 1, 2]);
    expect(Array.from(ras.pixels)).toEqual([12, 11, 10, 2, 1, 0]);
    // qform only: the usual dcm2niix quaternion (LAS), stored in the header while the sform says nothing
    const q = readNifti('q.nii', makeNifti({ ...spec, orientation: 'RAS', sformCode: 0, qformCode: 1, quatern: [0, 1, 0], qfac: -1 }));
    expect(Array.from(q.volumes[0].slices[0].pixels)).toEqual(Array.from(las.pixels));
    expect(q.warnings).toEqual([]);
  });

  it('shows a coronally stored (LIA) volume superior up', () => {
    const s = readNifti('fs.nii', makeNifti({ dims: [2, 3, 2], data: indexed(2, 3, 2), orientation: 'LIA' }));
    const slice = s.volumes[0].slices[1];
    expect([slice.width, slice.height]).toEqual([2, 3]);
    expect(Array.from(slice.pixels)).toEqual([100, 101, 110, 111, 120, 121]); // row 0 = j 0 = most superior
  });

  it('slices a 2D image along its flat axis', () => {
    const s = readNifti('a.nii', makeNifti({ dims: [3, 1, 2], pixdim: [1, 5, 1], data: indexed(3, 1, 2) }));
    expect(s.volumes[0].slices).toHaveLength(1);
    expect([s.volumes[0].slices[0].width, s.volumes[0].slices[0].height]).toEqual([3, 2]);
  });
});

describe('readNifti values', () => {
  const cases: [NiftiTypeName, number[]][] = [
    ['uint8', [0, 7, 200, 255]],
    ['int8', [-128, -1, 5, 127]],
    ['int16', [-32768, -3, 4, 32767]],
    ['uint16', [0, 1, 40000, 65535]],
    ['int32', [-2147483648, -5, 6, 2147483647]],
    ['uint32', [0, 9, 3000000000, 4294967295]],
    ['float32', [-1.5, 0.25, 1e6, 3.5]],
    ['float64', [-2.25, 0.125, 1e10, 7.75]],
  ];
  it.each(cases)('reads %s in both byte orders and both versions', (datatype, data) => {
    for (const version of [1, 2] as const) {
      for (const littleEndian of [true, false]) {
        const s = readNifti('a.nii', makeNifti({ dims: [2, 2, 1], data, datatype, version, littleEndian }));
        const slice = s.volumes[0].slices[0];
        // k slice: rows run along j reversed -> stored order [j1 i0, j1 i1, j0 i0, j0 i1].
        expect(Array.from(slice.pixels)).toEqual([data[2], data[3], data[0], data[1]].map((v) => Math.fround(v)));
      }
    }
  });

  it('applies scl_slope and scl_inter; slope 0 means unscaled', () => {
    const data = [0, 1, 2, 3];
    const scaled = readNifti('a.nii', makeNifti({ dims: [4, 1, 1], data, sclSlope: 2, sclInter: -5 }));
    expect(Array.from(scaled.volumes[0].slices[0].pixels)).toEqual([-5, -3, -1, 1]);
    const plain = readNifti('a.nii', makeNifti({ dims: [4, 1, 1], data, sclSlope: 0, sclInter: 100, version: 2 }));
    expect(Array.from(plain.volumes[0].slices[0].pixels)).toEqual(data);
  });

  it('replaces NaN with 0 and warns', () => {
    const s = readNifti('a.nii', makeNifti({ dims: [3, 1, 1], data: [1, NaN, 3], datatype: 'float32' }));
    expect(Array.from(s.volumes[0].slices[0].pixels)).toEqual([1, 0, 3]);
    expect(s.warnings.join()).toMatch(/1 voxels were NaN/);
  });

  it('reads gzipped files like plain ones', () => {
    const spec = { dims: [3, 2, 2], pixdim: [1, 1, 2], data: indexed(3, 2, 2) };
    const plain = readNifti('a.nii', makeNifti(spec));
    const gz = readNifti('a.nii.gz', makeNifti({ ...spec, gzip: true }));
    expect(gz.volumes).toEqual(plain.volumes.map((v) => ({ ...v, slices: v.slices.map((s) => ({ ...s, source: 'a.nii.gz' })) })));
  });
});

describe('readNifti 4D', () => {
  const file = () => makeNifti({ dims: [2, 2, 2, 3], data: indexed(2, 2, 2, 3) });
  it('makes one volume per time point', () => {
    const s = readNifti('dwi.nii', file());
    expect(s.volumes.map((v) => v.key)).toEqual(['t=0', 't=1', 't=2']);
    expect(s.volumes[2].slices[1].pixels[2]).toBe(2000 + 100);
    expect(s.volumes[2].slices[1].frame).toBe(2);
    expect(s.header.bValues).toBeUndefined();
  });
  it('labels volumes with b-values from a sidecar', () => {
    const s = readNifti('dwi.nii', file(), { bValues: [1000, 0, 1000] });
    expect(s.volumes.map((v) => v.key)).toEqual(['b=1000', 'b=0', 'b=1000']);
    expect(s.volumes.map((v) => v.bValue)).toEqual([1000, 0, 1000]);
    expect(s.header.bValues).toEqual([0, 1000]);
  });
  it('ignores b-values that do not match the volume count, with a warning', () => {
    const s = readNifti('dwi.nii', file(), { bValues: [0, 1000] });
    expect(s.volumes.map((v) => v.key)).toEqual(['t=0', 't=1', 't=2']);
    expect(s.warnings.join()).toMatch(/2 given for 3 volumes/);
  });
});

describe('readNifti bad input', () => {
  const good = () => makeNifti({ dims: [8, 8, 4], data: indexed(8, 8, 4) });
  it('throws a clear error for bytes that are not NIfTI', () => {
    expect(() => readNifti('x.nii', new Uint8Array(600).fill(1))).toThrow('not a NIfTI file: x.nii');
    expect(() => readNifti('x.nii.gz', gzipSync(new Uint8Array(600)))).toThrow('not a NIfTI file');
  });
  it('skips truncated voxel data, header and gzip streams', () => {
    const bytes = good();
    expect(readNifti('t.nii', bytes.subarray(0, 400)).skip).toMatch(/^unreadable: truncated NIfTI \(48 of 512 bytes/);
    expect(readNifti('t.nii', bytes.subarray(0, 200)).skip).toBe('unreadable: truncated NIfTI header');
    const gz = makeNifti({ dims: [64, 64, 8], data: indexed(64, 64, 8), gzip: true });
    const cut = readNifti('t.nii.gz', gz.subarray(0, gz.length >> 1));
    expect(cut.skip).toMatch(/^unreadable: truncated NIfTI \(\d+ of 65536 bytes of voxel data\)$/);
    expect(cut.volumes).toEqual([]);
  });
  it('skips RGB, 5D, invalid dimensions and unknown datatypes', () => {
    expect(readNifti('c.nii', makeNifti({ dims: [2, 1, 1], data: [1, 2, 3, 4, 5, 6], datatype: 'rgb24' })).skip).toBe(
      'unclassified: RGB image',
    );
    expect(readNifti('v.nii', makeNifti({ dims: [1, 1, 1, 1, 3], data: [1, 2, 3] })).skip).toMatch(/^unclassified: 5D NIfTI/);
    const zero = good();
    new DataView(zero.buffer).setInt16(42, 0, true); // dim[1] = 0
    expect(readNifti('z.nii', zero).skip).toMatch(/^unreadable: invalid NIfTI dimensions/);
    const odd = good();
    new DataView(odd.buffer).setInt16(70, 99, true);
    expect(readNifti('d.nii', odd).skip).toBe('unreadable: unknown NIfTI datatype 99');
  });
  it('warns about missing orientation and spacing', () => {
    const s = readNifti('w.nii', makeNifti({ dims: [2, 2, 2], pixdim: [0, 1, 1], data: indexed(2, 2, 2), sformCode: 0 }));
    expect(s.skip).toBeUndefined();
    expect(s.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/pixdim missing/), expect.stringMatching(/qform and sform missing/)]));
    expect(s.volumes[0].slices[0].pixelSpacing).toEqual([1, 1]);
    expect(s.header).toEqual({});
  });
});
