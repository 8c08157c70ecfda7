import { isDicom, readDicom } from './index';
import { toPart10 } from './part10';
import { asInputs, expectedSlice, makeMrSeries, TS } from '../../testing/dicomFixtures';

/** The dataset of a Part 10 file, without preamble and file meta group. */
function bareDataset(file: Uint8Array): Uint8Array {
  const metaLength = new DataView(file.buffer, file.byteOffset).getUint32(140, true);
  return file.subarray(144 + metaLength);
}

describe('isDicom / files without preamble', () => {
  test('Part 10 files are DICOM; text, images and short buffers are not', () => {
    expect(isDicom(makeMrSeries({ slices: 1 })[0])).toBe(true);
    expect(isDicom(new TextEncoder().encode('just some text, long enough to have an offset 128'.repeat(4)))).toBe(false);
    expect(isDicom(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13]))).toBe(false);
    expect(isDicom(new Uint8Array(3))).toBe(false);
  });

  test('file meta group without the 128-byte preamble', async () => {
    const spec = { slices: 1 };
    const file = makeMrSeries(spec)[0];
    const noPreamble = file.subarray(132);
    expect(isDicom(noPreamble)).toBe(true);
    const { series, failures } = await readDicom(asInputs([noPreamble]));
    expect(failures).toEqual([]);
    expect(Array.from(series[0].volumes[0].slices[0].pixels)).toEqual(Array.from(expectedSlice(spec, 0, 0)));
  });

  test.each([
    ['explicit', TS.explicitLE],
    ['implicit', TS.implicitLE],
  ])('bare %s VR dataset (no preamble, no meta)', async (_name, transferSyntax) => {
    const spec = { slices: 1, transferSyntax };
    const bare = bareDataset(makeMrSeries(spec)[0]);
    expect(isDicom(bare)).toBe(true);
    expect(toPart10(bare)!.length).toBeGreaterThan(bare.length + 132);
    const { series, failures } = await readDicom(asInputs([bare]));
    expect(failures).toEqual([]);
    expect(Array.from(series[0].volumes[0].slices[0].pixels)).toEqual(Array.from(expectedSlice(spec, 0, 0)));
  });
});
