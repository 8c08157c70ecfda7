import { headerFromInstance, sampleImageIndices, toSampledSeries, toSliceImage, type ViewerImage } from './seriesFromImages';

const img = (imageIndex: number, z: number, extra: Partial<ViewerImage> = {}): ViewerImage => ({
  imageIndex,
  width: 2,
  height: 2,
  pixels: [1, 2, 3, 4],
  pixelSpacing: [0.5, 0.5],
  imagePositionPatient: [0, 0, z],
  imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  ...extra,
});

describe('seriesFromImages', () => {
  it('samples evenly with both ends, or everything when there are few images', () => {
    expect(sampleImageIndices(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleImageIndices(100, 5)).toEqual([0, 25, 50, 74, 99]);
    expect(sampleImageIndices(9, 1)).toEqual([4]);
    expect(sampleImageIndices(0, 4)).toEqual([]);
  });

  it('applies rescale unless cornerstone already did, and inverts MONOCHROME1', () => {
    expect([...toSliceImage(img(0, 0, { slope: 2, intercept: -1 })).pixels]).toEqual([1, 3, 5, 7]);
    expect([...toSliceImage(img(0, 0, { slope: 2, intercept: -1, preScaled: true })).pixels]).toEqual([1, 2, 3, 4]);
    expect([...toSliceImage(img(0, 0, { invert: true })).pixels]).toEqual([4, 3, 2, 1]);
    expect(toSliceImage(img(0, 7)).position).toBe(7);
  });

  it('orders slices along the normal, splits b-values into volumes and remembers each slice image index', () => {
    const images = [img(0, 10, { bValue: 0 }), img(1, 10, { bValue: 1000 }), img(2, 0, { bValue: 0 }), img(3, 0, { bValue: 1000 })];
    const { series, imageIndices } = toSampledSeries(
      { displaySetInstanceUID: 'd', SeriesInstanceUID: '1.2.3', Modality: 'MR', SeriesNumber: '7', instances: [{ ImageType: ['ORIGINAL', 'PRIMARY', 'DIFFUSION'] }] },
      images,
    );
    expect(series.volumes.map((v) => [v.key, v.bValue, v.slices.map((s) => s.position)])).toEqual([
      ['b=0', 0, [0, 10]],
      ['b=1000', 1000, [0, 10]],
    ]);
    expect(imageIndices).toEqual([
      [2, 0],
      [3, 1],
    ]);
    expect(series).toMatchObject({ id: '1.2.3', seriesNumber: 7, header: { modality: 'MR', bValues: [0, 1000], imageType: ['ORIGINAL', 'PRIMARY', 'DIFFUSION'] } });
  });

  it('marks colour series and series without images as unclassified, with the reason', () => {
    expect(toSampledSeries({ displaySetInstanceUID: 'd' }, [img(0, 0, { color: true })]).series.skip).toBe('unclassified: RGB image');
    expect(toSampledSeries({ displaySetInstanceUID: 'd' }, []).series.skip).toBe('unclassified: no images could be loaded');
    const noSpacing = toSampledSeries({ displaySetInstanceUID: 'd' }, [img(0, 0, { pixelSpacing: undefined })]).series;
    expect(noSpacing.warnings).toEqual(['missing PixelSpacing: assumed 1 mm']);
  });

  it('reads OHIF naturalized metadata into the core header, dropping what is absent', () => {
    expect(
      headerFromInstance({
        Modality: 'MR',
        SeriesDescription: ' AX T1 POST ',
        ScanningSequence: 'SE\\IR',
        RepetitionTime: '600',
        EchoTime: 12,
        ContrastBolusAgent: 'Gadovist',
        ImageType: ['ORIGINAL', 'PRIMARY'],
      }),
    ).toEqual({
      modality: 'MR',
      seriesDescription: 'AX T1 POST',
      scanningSequence: ['SE', 'IR'],
      repetitionTime: 600,
      echoTime: 12,
      contrastBolusAgent: 'Gadovist',
      imageType: ['ORIGINAL', 'PRIMARY'],
    });
  });
});
