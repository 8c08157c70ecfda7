import { readMgh } from './mgz';
import { makeMgh } from './testing';

/** v = x + 10 y + 100 z + 1000 frame, x fastest. */
function indexed(w: number, h: number, d: number, frames = 1): number[] {
  const out: number[] = [];
  for (let f = 0; f < frames; f++)
    for (let z = 0; z < d; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(x + 10 * y + 100 * z + 1000 * f);
  return out;
}

describe('readMgh', () => {
  it('reads a gzipped float volume and slices along the largest spacing', () => {
    const bytes = makeMgh({ dims: [3, 2, 4], data: indexed(3, 2, 4).map((v) => v + 0.5), spacing: [1, 1, 2.5], gzip: true });
    const s = readMgh('brain.mgz', bytes);
    expect(s.skip).toBeUndefined();
    expect(s.format).toBe('nifti');
    expect(s.sources).toEqual(['brain.mgz']);
    const slices = s.volumes[0].slices;
    expect(slices).toHaveLength(4);
    expect([slices[3].width, slices[3].height]).toEqual([3, 2]);
    expect(slices[3].pixelSpacing).toEqual([1, 1]);
    expect(slices[3].position).toBe(7.5);
    expect(slices[3].pixels[0]).toBe(0 + 10 + 300 + 0.5); // top row = last y
    expect(s.warnings).toEqual([]);
  });

  it('reads uchar, int and short voxels and honours an explicit axis', () => {
    for (const type of [0, 1, 4] as const) {
      const s = readMgh('x.mgh', makeMgh({ dims: [2, 3, 2], type, data: indexed(2, 3, 2).map((v) => v % 250), spacing: [1, 1, 1] }), {
        axis: 'i',
      });
      const slices = s.volumes[0].slices;
      expect(slices).toHaveLength(2);
      expect([slices[0].width, slices[0].height]).toEqual([3, 2]);
      expect(slices[1].pixels[0]).toBe((1 + 20 + 100) % 250);
    }
  });

  it('returns one volume per frame and the scan parameters stored after the voxels', () => {
    const s = readMgh('f.mgh', makeMgh({ dims: [2, 2, 1, 2], data: indexed(2, 2, 1, 2), spacing: [1, 1, 1], scan: [2300, Math.PI / 20, 2.98, 900] }));
    expect(s.volumes.map((v) => v.key)).toEqual(['t=0', 't=1']);
    expect(s.volumes[1].slices[0].pixels[2]).toBe(1000);
    expect(s.header.repetitionTime).toBeCloseTo(2300);
    expect(s.header.echoTime).toBeCloseTo(2.98);
    expect(s.header.inversionTime).toBeCloseTo(900);
    expect(s.header.flipAngle).toBeCloseTo(9);
  });

  it('uses the direction cosines: a FreeSurfer LIA volume is cut coronally, superior up', () => {
    const s = readMgh('norm.mgz', makeMgh({ dims: [2, 3, 2], data: indexed(2, 3, 2), spacing: [1, 1, 1], orientation: 'LIA', gzip: true }));
    const slice = s.volumes[0].slices[0];
    expect(s.volumes[0].slices).toHaveLength(2);
    expect(Array.from(slice.pixels)).toEqual([0, 1, 10, 11, 20, 21]);
  });

  it('warns when the spacing is not given', () => {
    const s = readMgh('n.mgh', makeMgh({ dims: [2, 2, 2], data: indexed(2, 2, 2) }));
    expect(s.volumes[0].slices[0].pixelSpacing).toEqual([1, 1]);
    expect(s.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/goodRASFlag/), expect.stringMatching(/spacing missing/)]));
  });

  it('rejects non-MGH bytes and skips damaged files', () => {
    expect(() => readMgh('x.mgz', new Uint8Array(300).fill(9))).toThrow('not an MGH file: x.mgz');
    const full = makeMgh({ dims: [4, 4, 4], data: indexed(4, 4, 4), spacing: [1, 1, 1] });
    expect(readMgh('t.mgh', full.subarray(0, 400)).skip).toBe('unreadable: truncated MGH (116 of 256 bytes of voxel data)');
    const gz = makeMgh({ dims: [40, 40, 40], data: indexed(40, 40, 40), spacing: [1, 1, 1], gzip: true });
    expect(readMgh('t.mgz', gz.subarray(0, gz.length - 100)).skip).toMatch(/^unreadable: gzip data is corrupt or truncated/);
    const odd = full.slice();
    new DataView(odd.buffer).setInt32(20, 2, false);
    expect(readMgh('o.mgh', odd).skip).toBe('unclassified: MGH data type 2 not supported');
  });
});
