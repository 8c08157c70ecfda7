/**
 * Writers of tiny NIfTI and MGH files for tests (here and in the command-line tool's tests); TIFF: tiff-testing.ts.
 * Pure TypeScript, like the readers; not used by the readers themselves.
 */
import { gzipSync } from 'fflate';
import { orientationOf } from './orientation';

/** srow / direction-cosine columns for a three-letter orientation code such as "LAS", scaled by spacing. */
function affineColumns(code: string, spacing: number[]): number[][] {
  return orientationOf(code).map((d, axis) => [0, 1, 2].map((anat) => (anat === d.anat ? d.sign * (spacing[axis] ?? 1) : 0)));
}

/** NIfTI datatype names and codes accepted by makeNifti. */
export const NIFTI_CODES = {
  uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768, rgb24: 128,
} as const;
export type NiftiTypeName = keyof typeof NIFTI_CODES;

export interface NiftiSpec {
  /** dim[1..n]: e.g. [ni, nj, nk] or [ni, nj, nk, nt]. */
  dims: number[];
  /** Voxel values, i fastest (for rgb24: three bytes per voxel). */
  data: ArrayLike<number>;
  datatype?: NiftiTypeName;
  /** pixdim[1..3]; default 1 mm. */
  pixdim?: number[];
  sclSlope?: number;
  sclInter?: number;
  version?: 1 | 2;
  littleEndian?: boolean;
  gzip?: boolean;
  /** sform_code (default 1); 0 with qformCode 0 means no orientation. */
  sformCode?: number;
  /** Orientation written into the sform as a three-letter code (default "LAS", as dcm2niix writes). */
  orientation?: string;
  qformCode?: number;
  /** quatern_b, c, d and qfac (pixdim[0]) for the qform. */
  quatern?: [number, number, number];
  qfac?: number;
  descrip?: string;
}

export function put(view: DataView, type: string, at: number, value: number, le: boolean): void {
  switch (type) {
    case 'uint8': case 'rgb24': view.setUint8(at, value); break;
    case 'int8': view.setInt8(at, value); break;
    case 'int16': view.setInt16(at, value, le); break;
    case 'uint16': view.setUint16(at, value, le); break;
    case 'int32': view.setInt32(at, value, le); break;
    case 'uint32': view.setUint32(at, value, le); break;
    case 'float32': view.setFloat32(at, value, le); break;
    case 'float64': view.setFloat64(at, value, le); break;
    default: throw new Error(`unknown type ${type}`);
  }
}

const SIZES: Record<NiftiTypeName, number> = {
  uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8, rgb24: 1,
};

/** A complete single-file NIfTI-1 (348-byte header, data at 352) or NIfTI-2 (540, data at 544). */
export function makeNifti(spec: NiftiSpec): Uint8Array {
  const type = spec.datatype ?? 'int16';
  const le = spec.littleEndian ?? true;
  const v2 = spec.version === 2;
  const offset = v2 ? 544 : 352;
  const size = SIZES[type];
  const bytes = new Uint8Array(offset + spec.data.length * size);
  const view = new DataView(bytes.buffer);
  const dim = [spec.dims.length, ...spec.dims];
  const pixdim = [spec.qfac ?? 1, ...(spec.pixdim ?? spec.dims.slice(0, 3).map(() => 1))];
  const columns = affineColumns(spec.orientation ?? 'LAS', pixdim.slice(1));
  const srow = [0, 1, 2].map((r) => [...columns.map((col) => col[r]), 0]);
  const quatern = spec.quatern ?? [0, 0, 0];
  const writeText = (at: number, text: string) => [...text].forEach((ch, n) => (bytes[at + n] = ch.charCodeAt(0)));
  if (v2) {
    view.setInt32(0, 540, le);
    writeText(4, 'n+2\0\r\n\x1a\n');
    view.setInt16(12, NIFTI_CODES[type], le);
    view.setInt16(14, size * 8 * (type === 'rgb24' ? 3 : 1), le);
    dim.forEach((d, n) => view.setBigInt64(16 + 8 * n, BigInt(d), le));
    pixdim.forEach((p, n) => view.setFloat64(104 + 8 * n, p, le));
    view.setBigInt64(168, BigInt(offset), le);
    view.setFloat64(176, spec.sclSlope ?? 0, le);
    view.setFloat64(184, spec.sclInter ?? 0, le);
    writeText(240, (spec.descrip ?? '').slice(0, 79));
    view.setInt32(344, spec.qformCode ?? 0, le);
    view.setInt32(348, spec.sformCode ?? 1, le);
    quatern.forEach((q, n) => view.setFloat64(352 + 8 * n, q, le));
    srow.forEach((row, r) => row.forEach((v, c) => view.setFloat64(400 + 32 * r + 8 * c, v, le)));
  } else {
    view.setInt32(0, 348, le);
    dim.forEach((d, n) => view.setInt16(40 + 2 * n, d, le));
    view.setInt16(70, NIFTI_CODES[type], le);
    view.setInt16(72, size * 8 * (type === 'rgb24' ? 3 : 1), le);
    pixdim.forEach((p, n) => view.setFloat32(76 + 4 * n, p, le));
    view.setFloat32(108, offset, le);
    view.setFloat32(112, spec.sclSlope ?? 0, le);
    view.setFloat32(116, spec.sclInter ?? 0, le);
    writeText(148, (spec.descrip ?? '').slice(0, 79));
    view.setInt16(252, spec.qformCode ?? 0, le);
    view.setInt16(254, spec.sformCode ?? 1, le);
    quatern.forEach((q, n) => view.setFloat32(256 + 4 * n, q, le));
    srow.forEach((row, r) => row.forEach((v, c) => view.setFloat32(280 + 16 * r + 4 * c, v, le)));
    writeText(344, 'n+1\0');
  }
  for (let n = 0; n < spec.data.length; n++) put(view, type, offset + n * size, spec.data[n], le);
  return spec.gzip ? gzipSync(bytes) : bytes;
}

export interface MghSpec {
  /** width, height, depth[, frames]. */
  dims: number[];
  data: ArrayLike<number>;
  /** 0 uchar, 1 int32, 3 float32, 4 int16. */
  type?: 0 | 1 | 3 | 4;
  /** x, y, z spacing; omitted -> goodRASFlag 0. */
  spacing?: number[];
  /** Direction cosines as a three-letter code, written when spacing is given (default "LAS"). */
  orientation?: string;
  /** TR (ms), flip angle (radians), TE (ms), TI (ms) written after the voxels. */
  scan?: [number, number, number, number];
  gzip?: boolean;
}

/** A FreeSurfer .mgh (or .mgz with gzip) file. */
export function makeMgh(spec: MghSpec): Uint8Array {
  const type = spec.type ?? 3;
  const size = type === 0 ? 1 : type === 4 ? 2 : 4;
  const bytes = new Uint8Array(284 + spec.data.length * size + (spec.scan ? 20 : 0));
  const view = new DataView(bytes.buffer);
  const [w, h, d, frames = 1] = spec.dims;
  [1, w, h, d, frames, type, 0].forEach((v, n) => view.setInt32(4 * n, v, false));
  if (spec.spacing) {
    view.setInt16(28, 1, false);
    spec.spacing.forEach((s, n) => view.setFloat32(30 + 4 * n, s, false));
    affineColumns(spec.orientation ?? 'LAS', [1, 1, 1]).flat().forEach((v, n) => view.setFloat32(42 + 4 * n, v, false));
  }
  const typeName = ({ 0: 'uint8', 1: 'int32', 3: 'float32', 4: 'int16' } as const)[type];
  for (let n = 0; n < spec.data.length; n++) put(view, typeName, 284 + n * size, spec.data[n], false);
  spec.scan?.forEach((v, n) => view.setFloat32(284 + spec.data.length * size + 4 * n, v, false));
  return spec.gzip ? gzipSync(bytes) : bytes;
}
