/**
 * SeriesSource over cornerstone: loads (or takes from its cache) the sampled images of a display
 * set, several at a time and the central ones first (where the anatomy is). Requests go through one
 * bounded queue, so that those of a study the reader has left are never sent (see requestQueue.ts).
 */
import type { SliceImage } from '../core/types';
import { createRequestQueue } from '../services/requestQueue';
import { centralImageIndices, sampleImageIndices, toSampledSeries, toSliceImage, type ViewerImage } from '../services/seriesFromImages';
import type { DisplaySetLike, SampledSeries, SeriesSource } from '../services/types';
import { getCornerstone, type ExtensionManagerLike } from './cornerstone';

/** Image requests in flight at once (cornerstone's own pool for prefetch allows about as many). */
export const IMAGE_REQUESTS = 6;

/** Indices in the order to fetch them: from the middle out. */
export function centreFirst(indices: readonly number[]): number[] {
  const mid = (indices.length - 1) / 2;
  return indices.map((v, i) => [v, Math.abs(i - mid), i] as const).sort((a, b) => a[1] - b[1] || a[2] - b[2]).map(([v]) => v);
}

export function createCornerstoneSeriesSource(extensionManager: ExtensionManagerLike, queue = createRequestQueue(IMAGE_REQUESTS)): SeriesSource {
  const imageIdsOf = (ds: DisplaySetLike): string[] => {
    const [dataSource] = extensionManager.getActiveDataSource();
    const ids = dataSource?.getImageIdsForDisplaySet?.(ds) as string[] | undefined;
    if (!ids?.length) throw new Error('the series has no images the viewer can load');
    return ids;
  };

  async function viewerImage(imageId: string, imageIndex: number): Promise<ViewerImage> {
    const cs = getCornerstone(extensionManager);
    const image = await cs.imageLoader.loadAndCacheImage(imageId, { priority: 5, requestType: 'prefetch' });
    const plane = cs.metaData.get('imagePlaneModule', imageId) ?? {};
    const instance = cs.metaData.get('instance', imageId) ?? {};
    const rowSpacing = plane.rowPixelSpacing ?? image.rowPixelSpacing;
    const colSpacing = plane.columnPixelSpacing ?? image.columnPixelSpacing;
    const orientation = plane.rowCosines && plane.columnCosines ? [...plane.rowCosines, ...plane.columnCosines] : undefined;
    const b = Number(Array.isArray(instance.DiffusionBValue) ? instance.DiffusionBValue[0] : instance.DiffusionBValue);
    return {
      imageIndex,
      width: image.columns,
      height: image.rows,
      pixels: image.getPixelData(),
      preScaled: !!image.preScale?.scaled,
      slope: image.slope,
      intercept: image.intercept,
      color: !!image.color,
      invert: !!image.invert,
      pixelSpacing: rowSpacing > 0 && colSpacing > 0 ? [rowSpacing, colSpacing] : undefined,
      imagePositionPatient: plane.imagePositionPatient,
      imageOrientationPatient: orientation,
      bValue: Number.isFinite(b) ? b : undefined,
      source: `image ${imageIndex + 1}`,
    };
  }

  return {
    async load(ds, maxSlices, signal, region = 'whole'): Promise<SampledSeries> {
      const ids = imageIdsOf(ds);
      const indices = (region === 'central' ? centralImageIndices : sampleImageIndices)(ids.length, maxSlices);
      const requests = new Map(centreFirst(indices).map((i) => [i, queue.run(() => viewerImage(ids[i], i), signal)]));
      const settled = await Promise.allSettled(indices.map((i) => requests.get(i) as Promise<ViewerImage>));
      if (signal?.aborted) throw settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason ?? new Error('cancelled');
      const images = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      if (images.length === 0) {
        const reason = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason;
        throw new Error(`none of ${indices.length} images could be loaded (${reason?.message ?? reason ?? 'no reason given'})`);
      }
      return toSampledSeries(ds, images);
    },
    async loadSlice(ds, imageIndex, signal): Promise<SliceImage> {
      const ids = imageIdsOf(ds);
      if (imageIndex < 0 || imageIndex >= ids.length) throw new Error(`image ${imageIndex + 1} is outside the series`);
      return toSliceImage(await queue.run(() => viewerImage(ids[imageIndex], imageIndex), signal));
    },
  };
}
