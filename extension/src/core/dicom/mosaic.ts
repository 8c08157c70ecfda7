/**
 * Siemens mosaic: one stored image holding N slices as tiles on a ceil(sqrt(N)) grid
 * (ImageType MOSAIC, NumberOfImagesInMosaic (0019,xx0A)). Each tile becomes its own frame.
 * The stored ImagePositionPatient is that of the whole mosaic; it is moved to the first tile's corner
 * and the tiles are placed along the slice normal in tile order, SpacingBetweenSlices apart (the CSA
 * header, which says whether slices run along or against the normal, is not parsed).
 */
import type { ImageInfo } from './codecs';
import { cross, dot } from './geometry';
import type { FrameMeta, Vec3 } from './model';

export function mosaicFrames(
  frame: FrameMeta,
  image: ImageInfo,
  count: number,
  sliceSpacing: number | undefined,
  warnings: string[],
): FrameMeta[] {
  const perRow = Math.ceil(Math.sqrt(count));
  const tileRows = Math.floor(image.rows / perRow);
  const tileColumns = Math.floor(image.columns / perRow);
  if (tileRows * perRow !== image.rows || tileColumns * perRow !== image.columns || tileRows < 1 || tileColumns < 1) {
    warnings.push(`mosaic of ${count} images does not tile a ${image.columns}x${image.rows} image: read as one image`);
    return [frame];
  }
  let origin: Vec3 | undefined;
  let normal: Vec3 | undefined;
  const o = frame.orientation;
  if (frame.position && o && o.length >= 6) {
    const row: Vec3 = [o[0], o[1], o[2]];
    const col: Vec3 = [o[3], o[4], o[5]];
    const [rowSpacing, colSpacing] = frame.pixelSpacing ?? [1, 1];
    const dc = ((image.columns - tileColumns) / 2) * colSpacing;
    const dr = ((image.rows - tileRows) / 2) * rowSpacing;
    origin = [0, 1, 2].map((k) => frame.position![k] + row[k] * dc + col[k] * dr) as Vec3;
    normal = cross(row, col);
    if (dot(normal, normal) === 0) normal = undefined;
  }
  const step = sliceSpacing && sliceSpacing > 0 ? sliceSpacing : 1;
  warnings.push(`Siemens mosaic of ${count} slices split into tiles; slice order taken from tile order`);
  const firstInstance = frame.instanceNumber ?? 0;
  return Array.from({ length: count }, (_, i) => ({
    ...frame,
    frame: 0,
    tile: { index: i, tileRows, tileColumns, perRow },
    position: origin && normal ? (origin.map((v, k) => v + normal![k] * step * i) as Vec3) : undefined,
    instanceNumber: firstInstance * 100000 + i,
  }));
}
