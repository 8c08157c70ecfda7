import { readDicom } from './index';
import { TS, asInputs, el, makeMrSeries, makeNonImageDicom, writeDicom } from '../../testing/dicomFixtures';

describe('bad input gives stated results, never a throw', () => {
  test('non-MR modality: series skipped, naming the modality', async () => {
    for (const modality of ['CT', 'PT', 'US']) {
      const { series, failures } = await readDicom(asInputs(makeMrSeries({ slices: 2, modality, sopClassUID: '1.2.840.10008.5.1.4.1.1.2' })));
      expect(failures).toEqual([]);
      expect(series).toHaveLength(1);
      expect(series[0].skip).toBe(`skipped: ${modality}`);
      expect(series[0].volumes).toEqual([]);
      expect(series[0].header.modality).toBe(modality);
      expect(series[0].sources).toHaveLength(2);
    }
  });

  test('RGB image: unclassified', async () => {
    const { series } = await readDicom(asInputs(makeMrSeries({ slices: 1, samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8 })));
    expect(series[0].skip).toBe('unclassified: RGB image');
    expect(series[0].header.samplesPerPixel).toBe(3);
  });

  test('YBR colour is RGB too; palette colour has its own reason', async () => {
    const ybr = await readDicom(asInputs(makeMrSeries({ slices: 1, samplesPerPixel: 3, photometric: 'YBR_FULL', bitsAllocated: 8 })));
    expect(ybr.series[0].skip).toBe('unclassified: RGB image');
    const palette = await readDicom(asInputs(makeMrSeries({ slices: 1, photometric: 'PALETTE COLOR', bitsAllocated: 8 })));
    expect(palette.series[0].skip).toBe('unclassified: palette color image');
  });

  test('frames above maxPixels are skipped with the size in the reason', async () => {
    const files = makeMrSeries({ rows: 40, cols: 30, slices: 2 });
    const { series } = await readDicom(asInputs(files), { maxPixels: 1000 });
    expect(series[0].skip).toBe('skipped: image too large (30x40 pixels per frame, limit 1000)');
    expect(series[0].volumes).toEqual([]);
    const ok = await readDicom(asInputs(files));
    expect(ok.series[0].skip).toBeUndefined();
  });

  test('truncated file: a failure saying so; the rest of the series is read', async () => {
    const files = makeMrSeries({ rows: 16, cols: 16, slices: 3 });
    const cut = files[1].subarray(0, files[1].length - 100);
    const { series, failures } = await readDicom(asInputs([files[0], cut, files[2]]));
    expect(failures).toHaveLength(1);
    expect(failures[0].source).toBe('file1.dcm');
    expect(failures[0].reason).toMatch(/^truncated pixel data: 412 bytes, expected 512/);
    expect(series[0].volumes[0].slices).toHaveLength(2);
    expect(series[0].sources).toEqual(['file0.dcm', 'file2.dcm']);
  });

  test('file cut inside its header: a failure', async () => {
    const files = makeMrSeries({ slices: 1 });
    const { series, failures } = await readDicom(asInputs([files[0].subarray(0, 300)]));
    expect(series).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/truncated/);
  });

  test('RLE frame cut short: a failure naming the codec', async () => {
    const rle = makeMrSeries({ slices: 1, transferSyntax: TS.rle })[0];
    const { failures } = await readDicom(asInputs([rle.subarray(0, rle.length - 30)]));
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/^RLE Lossless decoding failed: RLE segment \d holds \d+ of 64 bytes/);
  });

  test('garbage after the DICM marker, and bytes that are not DICOM at all', async () => {
    const garbage = new Uint8Array(2000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
    const text = new TextEncoder().encode('hello, this is not a DICOM file at all');
    const { series, failures } = await readDicom([
      { source: 'garbage.dcm', bytes: garbage },
      { source: 'notes.txt', bytes: text },
      { source: 'empty.dcm', bytes: new Uint8Array(0) },
    ]);
    expect(series).toEqual([]);
    expect(failures.map((f) => f.source)).toEqual(['garbage.dcm', 'notes.txt', 'empty.dcm']);
    expect(failures[1].reason).toBe('not a DICOM file (no DICM marker at byte 128)');
    expect(failures[2].reason).toBe('not a DICOM file (no DICM marker at byte 128)');
    expect(failures[0].reason).not.toBe('');
  });

  test('missing pixel data: a failure', async () => {
    const { series, failures } = await readDicom(asInputs(makeMrSeries({ slices: 2, omitPixelData: true })));
    expect(series).toEqual([]);
    expect(failures).toEqual([
      { source: 'file0.dcm', reason: 'missing pixel data' },
      { source: 'file1.dcm', reason: 'missing pixel data' },
    ]);
  });

  test('MR object without an image pixel module: missing pixel data', async () => {
    const bytes = writeDicom({
      '00080016': el('UI', '1.2.840.10008.5.1.4.1.1.4'),
      '00080060': el('CS', 'MR'),
      '0020000E': el('UI', '2.25.5'),
    });
    const { failures } = await readDicom([{ source: 'x.dcm', bytes }]);
    expect(failures).toEqual([{ source: 'x.dcm', reason: 'missing pixel data (no Rows/Columns: truncated file?)' }]);
  });

  test('structured report and presentation state: not an image', async () => {
    const { series, failures } = await readDicom([
      { source: 'sr.dcm', bytes: makeNonImageDicom('sr') },
      { source: 'pr.dcm', bytes: makeNonImageDicom('pr') },
    ]);
    expect(series).toEqual([]);
    expect(failures).toEqual([
      { source: 'sr.dcm', reason: 'not an image: Basic Text SR' },
      { source: 'pr.dcm', reason: 'not an image: Grayscale Softcopy Presentation State' },
    ]);
  });

  test('a bad file does not stop the good series around it', async () => {
    const good = makeMrSeries({ slices: 2 });
    const ct = makeMrSeries({ slices: 1, modality: 'CT' });
    const { series, failures } = await readDicom([
      { source: 'a.dcm', bytes: good[0] },
      { source: 'junk.bin', bytes: new Uint8Array([1, 2, 3]) },
      { source: 'ct.dcm', bytes: ct[0] },
      { source: 'b.dcm', bytes: good[1] },
    ]);
    expect(failures.map((f) => f.source)).toEqual(['junk.bin']);
    expect(series.map((s) => [s.skip, s.sources])).toEqual([
      [undefined, ['a.dcm', 'b.dcm']],
      ['skipped: CT', ['ct.dcm']],
    ]);
  });

  test('no Modality tag: read as MR with a warning', async () => {
    const files = makeMrSeries({ slices: 1, sopClassUID: '1.2.3.4', extraTags: { '00080060': el('CS') } });
    const { series } = await readDicom(asInputs(files));
    expect(series[0].skip).toBeUndefined();
    expect(series[0].warnings).toContain('no Modality: read as MR');
  });

  test('no SeriesInstanceUID: files still grouped, with a warning', async () => {
    const files = makeMrSeries({ slices: 2, seriesNumber: 4, extraTags: { '0020000E': el('UI') } });
    const { series } = await readDicom(asInputs(files));
    expect(series).toHaveLength(1);
    expect(series[0].volumes[0].slices).toHaveLength(2);
    expect(series[0].seriesInstanceUID).toBeUndefined();
    expect(series[0].warnings.join('\n')).toMatch(/no SeriesInstanceUID/);
  });

  test('deflated stream that does not inflate: a failure', async () => {
    const files = makeMrSeries({ slices: 1, transferSyntax: TS.deflated });
    const bytes = files[0].slice();
    bytes.fill(0xff, bytes.length - 40);
    const { failures } = await readDicom(asInputs([bytes]));
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/^cannot parse DICOM \(damaged or truncated file\)/);
  });
});
