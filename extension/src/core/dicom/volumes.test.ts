import { readDicom } from './index';
import { type MrSeriesSpec, TS, asInputs, expectedSlice, makeMrSeries, storedValue } from '../../testing/dicomFixtures';

async function readOne(spec: MrSeriesSpec) {
  const { series, failures } = await readDicom(asInputs(makeMrSeries(spec)));
  expect(failures).toEqual([]);
  expect(series).toHaveLength(1);
  return series[0];
}

const diffusionPixels = (v: number, k: number, r: number, c: number) => 100 * (v + 1) + 10 * k + r + c;

describe('4D series: volumes', () => {
  test.each([
    ['standard DiffusionBValue', 'standard', TS.explicitLE],
    ['Siemens (0019,100C)', 'siemens', TS.explicitLE],
    ['Siemens (0019,100C), implicit VR (UN)', 'siemens', TS.implicitLE],
    ['GE (0043,1039) with the 1e9 offset', 'ge', TS.explicitLE],
    ['GE (0043,1039), implicit VR (UN)', 'ge', TS.implicitLE],
    ['Philips (2001,1003)', 'philips', TS.explicitLE],
    ['Philips (2001,1003), implicit VR (binary float)', 'philips', TS.implicitLE],
  ] as const)('b-values from %s split into one volume per b-value', async (_name, bValueTag, transferSyntax) => {
    const spec: MrSeriesSpec = { slices: 3, bValues: [1000, 0, 500], bValueTag, transferSyntax, pixelValue: diffusionPixels };
    const s = await readOne(spec);
    expect(s.header.bValues).toEqual([0, 500, 1000]);
    expect(s.volumes.map((v) => [v.key, v.bValue, v.slices.length])).toEqual([
      ['b=0', 0, 3],
      ['b=500', 500, 3],
      ['b=1000', 1000, 3],
    ]);
    // b=0 was written as the second volume of the spec.
    s.volumes[0].slices.forEach((x, k) => expect(Array.from(x.pixels)).toEqual(Array.from(expectedSlice(spec, 1, k))));
    expect(s.volumes[0].slices.map((x) => x.position)).toEqual([-40, -38, -36]);
  });

  test('several diffusion directions at one b-value are averaged into one volume', async () => {
    const spec: MrSeriesSpec = { slices: 2, bValues: [0, 1000, 1000, 1000], pixelValue: diffusionPixels };
    const s = await readOne(spec);
    expect(s.volumes.map((v) => [v.key, v.slices.length])).toEqual([
      ['b=0', 2],
      ['b=1000', 2],
    ]);
    const px = s.volumes[1].slices[1].pixels;
    const mean = (storedValue(spec, 1, 1, 0, 3) + storedValue(spec, 2, 1, 0, 3) + storedValue(spec, 3, 1, 0, 3)) / 3;
    expect(px[3]).toBeCloseTo(mean, 4);
    expect(s.warnings.join('\n')).toMatch(/b=1000: 3 images per slice position/);
  });

  test('a series with a single b-value stays one volume with its b-value', async () => {
    const s = await readOne({ slices: 3, bValues: [1000] });
    expect(s.volumes.map((v) => [v.key, v.bValue])).toEqual([['', 1000]]);
    expect(s.header.bValues).toEqual([1000]);
  });

  test('time points at the same positions are split into t=1, t=2, …', async () => {
    const spec: MrSeriesSpec = { slices: 3, volumes: 3, pixelValue: (v, k, r, c) => 1000 * v + k * 10 + r + c };
    const files = makeMrSeries(spec);
    const { series } = await readDicom(asInputs([...files].reverse()));
    const s = series[0];
    expect(s.volumes.map((v) => [v.key, v.slices.length])).toEqual([
      ['t=1', 3],
      ['t=2', 3],
      ['t=3', 3],
    ]);
    s.volumes.forEach((vol, v) =>
      vol.slices.forEach((x, k) => expect(Array.from(x.pixels)).toEqual(Array.from(expectedSlice(spec, v, k)))),
    );
  });

  test('multi-echo series split by echo time', async () => {
    const s = await readOne({ slices: 2, echoTimes: [90, 15] });
    expect(s.volumes.map((v) => [v.key, v.slices.length])).toEqual([
      ['te=15', 2],
      ['te=90', 2],
    ]);
  });

  test('slices in several orientations (localizer) become one volume per plane', async () => {
    const axial = makeMrSeries({ slices: 2, seriesInstanceUID: '2.25.42' });
    const sagittal = makeMrSeries({ slices: 3, seriesInstanceUID: '2.25.42', orientation: [0, 1, 0, 0, 0, -1] });
    const { series } = await readDicom(asInputs([...axial, ...sagittal]));
    expect(series).toHaveLength(1);
    expect(series[0].volumes.map((v) => [v.key, v.slices.length]).sort()).toEqual([
      ['axial', 2],
      ['sagittal', 3],
    ]);
    expect(series[0].warnings.join('\n')).toMatch(/2 slice orientations/);
  });
});

describe('Siemens mosaic', () => {
  test('tiles become slices along the normal', async () => {
    const spec: MrSeriesSpec = { rows: 4, cols: 5, slices: 7, mosaic: true, sliceSpacing: 2.5, pixelSpacing: [2, 3] };
    const s = await readOne(spec);
    expect(s.sources).toHaveLength(1);
    const slices = s.volumes[0].slices;
    expect(slices).toHaveLength(7);
    expect([slices[0].width, slices[0].height]).toEqual([5, 4]);
    expect(slices.map((x) => x.frame)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    slices.forEach((x, k) => {
      expect(Array.from(x.pixels)).toEqual(Array.from(expectedSlice(spec, 0, k)));
      expect(x.position).toBeCloseTo(-40 + 2.5 * k, 2);
    });
    expect(s.warnings.join('\n')).toMatch(/mosaic of 7 slices/);
  });

  test('implicit VR mosaic: the private image count (US) is read from UN bytes', async () => {
    const spec: MrSeriesSpec = { rows: 4, cols: 4, slices: 5, mosaic: true, transferSyntax: TS.implicitLE };
    const s = await readOne(spec);
    expect(s.volumes[0].slices).toHaveLength(5);
    expect(Array.from(s.volumes[0].slices[4].pixels)).toEqual(Array.from(expectedSlice(spec, 0, 4)));
  });

  test('diffusion mosaics (one file per b-value) split into volumes', async () => {
    const spec: MrSeriesSpec = { rows: 4, cols: 4, slices: 4, mosaic: true, bValues: [0, 1000], bValueTag: 'siemens' };
    const s = await readOne(spec);
    expect(s.volumes.map((v) => [v.key, v.slices.length])).toEqual([
      ['b=0', 4],
      ['b=1000', 4],
    ]);
    expect(Array.from(s.volumes[1].slices[3].pixels)).toEqual(Array.from(expectedSlice(spec, 1, 3)));
  });
});
