/** A decoded 2D image before conversion to grayscale: interleaved samples, `channels` per pixel. */
export interface Raster {
  width: number;
  height: number;
  /** Samples per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
  channels: number;
  /** Row-major interleaved samples, length width * height * channels. */
  data: ArrayLike<number>;
}

/** A decoder's answer: a raster, or a reason a person can read ("unclassified: ...", "unreadable: ..."). */
export type DecodeResult = { raster: Raster; warnings?: string[] } | { skip: string };
