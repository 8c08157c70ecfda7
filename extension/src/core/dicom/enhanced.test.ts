import { readDicom } from './index';
import { type MrSeriesSpec, TS, asInputs, el, expectedSlice, makeMrSeries } from '../../testing/dicomFixtures';

async function readEnhanced(spec: MrSeriesSpec) {
  const files = makeMrSeries({ enhanced: true, ...spec });
  expect(files).toHaveLength(1);
  const { series, failures } = await readDicom(asInputs(files));
  expect(failures).toEqual([]);
  expect(series).toHaveLength(1);
  return series[0];
}

describe('readDicom: Enhanced MR (multi-frame, functional groups)', () => {
  test('per-frame positions, shared orientation/spacing/rescale', async () => {
    const spec: MrSeriesSpec = {
      slices: 4,
      positions: [[0, 0, 9], [0, 0, 3], [0, 0, 6], [0, 0, 0]],
      pixelSpacing: [0.7, 0.6],
      rescale: { slope: 2, intercept: 5 },
    };
    const s = await readEnhanced(spec);
    const slices = s.volumes[0].slices;
    expect(slices.map((x) => x.position)).toEqual([0, 3, 6, 9]);
    expect(slices.map((x) => x.frame)).toEqual([4, 2, 3, 1]);
    expect(slices.every((x) => x.source === 'file0.dcm')).toBe(true);
    expect(slices[0].pixelSpacing).toEqual([0.7, 0.6]);
    [3, 1, 2, 0].forEach((k, i) => expect(Array.from(slices[i].pixels)).toEqual(Array.from(expectedSlice(spec, 0, k))));
  });

  test('rescale from the per-frame group wins over a top-level one', async () => {
    const spec: MrSeriesSpec = {
      slices: 2,
      rescale: { slope: 3, intercept: -7 },
      rescalePerFrame: true,
      extraTags: { '00281052': el('DS', 99), '00281053': el('DS', 10) },
    };
    const s = await readEnhanced(spec);
    expect(Array.from(s.volumes[0].slices[1].pixels)).toEqual(Array.from(expectedSlice(spec, 0, 1)));
  });

  test('header from top level and functional groups (PulseSequenceName, TR, TE, TI, flip angle)', async () => {
    const s = await readEnhanced({
      slices: 2,
      sequenceName: 'tse_flair',
      repetitionTime: 8000,
      echoTime: 90,
      inversionTime: 2400,
      flipAngle: 120,
      imageType: ['ORIGINAL', 'PRIMARY', 'M', 'NONE'],
      extraTags: { '00189008': el('CS', 'SPIN'), '00189009': el('CS', 'YES') },
    });
    expect(s.header).toMatchObject({
      modality: 'MR',
      sequenceName: 'tse_flair',
      repetitionTime: 8000,
      echoTime: 90,
      inversionTime: 2400,
      flipAngle: 120,
      scanningSequence: ['SE', 'IR'],
      imageType: ['ORIGINAL', 'PRIMARY', 'M', 'NONE'],
    });
  });

  test('diffusion b-values from MRDiffusionSequence split the series into volumes', async () => {
    const spec: MrSeriesSpec = { slices: 3, bValues: [0, 1000], pixelValue: (v, k, r, c) => (v === 0 ? 1000 : 300) + 10 * k + r + c };
    const s = await readEnhanced(spec);
    expect(s.header.bValues).toEqual([0, 1000]);
    expect(s.volumes.map((v) => [v.key, v.bValue, v.slices.length])).toEqual([
      ['b=0', 0, 3],
      ['b=1000', 1000, 3],
    ]);
    expect(Array.from(s.volumes[1].slices[2].pixels)).toEqual(Array.from(expectedSlice(spec, 1, 2)));
  });

  test('frames without geometry fall back to their in-stack position', async () => {
    const spec: MrSeriesSpec = { slices: 3, positions: null, orientation: null };
    const s = await readEnhanced(spec);
    expect(s.volumes[0].slices.map((x) => x.frame)).toEqual([1, 2, 3]);
    expect(s.warnings.join('\n')).toMatch(/InstanceNumber/);
  });

  test('compressed multi-frame (RLE, one fragment per frame)', async () => {
    const spec: MrSeriesSpec = { slices: 3, transferSyntax: TS.rle, bitsStored: 12 };
    const s = await readEnhanced(spec);
    s.volumes[0].slices.forEach((x, k) => expect(Array.from(x.pixels)).toEqual(Array.from(expectedSlice(spec, 0, k))));
  });
});
