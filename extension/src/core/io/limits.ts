/**
 * Size limits of the file readers, checked against what a header declares before anything of that
 * size is allocated or decompressed. Together with "never trust a declared size for bytes that are not
 * there" (uncompressed data is checked against the file length first), they bound what one file can
 * make a reader allocate: about four bytes per pixel or voxel of the limits below, plus the file.
 */

/** Largest 2D image or DICOM frame decoded: 4096 x 4096 pixels (the DICOM reader's default maxPixels). */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Largest NIfTI / MGH voxel grid (all frames) read: 2^28 voxels, 1 GiB as float32 slices. */
export const MAX_VOLUME_VOXELS = 2 ** 28;

/** "skipped: image too large (…)", the reason every reader gives for a declared size over a limit. */
export function tooLarge(what: string, limit: number): string {
  return `skipped: image too large (${what}, limit ${limit})`;
}
