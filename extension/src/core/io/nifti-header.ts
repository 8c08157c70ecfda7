/**
 * NIfTI-1 and NIfTI-2 header parsing (own code: the fields we need are few and fixed, see
 * https://nifti.nimh.nih.gov/nifti-1 and the NIfTI-2 layout). Works on the decompressed bytes.
 */
import type { NumberKind } from './numeric';

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** True for "n+1"/"n+2" (image in the same file); false for "ni1"/"ni2" (.hdr/.img pair). */
  singleFile: boolean;
  /** dim[0..7] as stored. */
  dim: number[];
  datatype: number;
  /** pixdim[0..7] as stored. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  descrip: string;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** srow_x, srow_y, srow_z (4 values each). */
  srow: number[][];
  /** Size of the fixed header in bytes (348 or 540). */
  headerSize: number;
}

/** NIfTI datatype codes we can read, with how the voxels are stored. */
export const DATATYPES: Record<number, { kind: NumberKind; name: string }> = {
  2: { kind: 'u8', name: 'uint8' },
  4: { kind: 'i16', name: 'int16' },
  8: { kind: 'i32', name: 'int32' },
  16: { kind: 'f32', name: 'float32' },
  64: { kind: 'f64', name: 'float64' },
  256: { kind: 'i8', name: 'int8' },
  512: { kind: 'u16', name: 'uint16' },
  768: { kind: 'u32', name: 'uint32' },
  1024: { kind: 'i64', name: 'int64' },
  1280: { kind: 'u64', name: 'uint64' },
};

/** Datatype codes we recognise but do not read. */
export const UNSUPPORTED_DATATYPES: Record<number, string> = {
  1: 'binary',
  32: 'complex64',
  128: 'RGB24',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'RGBA32',
};

function int32(view: DataView, at: number, le: boolean): number {
  return view.byteLength >= at + 4 ? view.getInt32(at, le) : NaN;
}

/** Version and byte order from sizeof_hdr (348 -> NIfTI-1, 540 -> NIfTI-2), or null. */
export function sniff(view: DataView): { version: 1 | 2; littleEndian: boolean } | null {
  for (const le of [true, false]) {
    const size = int32(view, 0, le);
    if (size === 348) return { version: 1, littleEndian: le };
    if (size === 540) return { version: 2, littleEndian: le };
  }
  return null;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = at; i < at + length && i < bytes.length && bytes[i] !== 0; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** The NIfTI magic string of (decompressed) header bytes, or null when the bytes are not NIfTI. */
export function niftiMagic(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = sniff(view);
  if (!kind) return null;
  const magic = kind.version === 1 ? ascii(bytes, 344, 4) : ascii(bytes, 4, 4);
  const ok = kind.version === 1 ? ['n+1', 'ni1'] : ['n+2', 'ni2'];
  return ok.includes(magic) ? magic : null;
}

/** Parses the fixed header; null when the bytes are not NIfTI-1/2 or too short for the header. */
export function parseNiftiHeader(bytes: Uint8Array): NiftiHeader | null {
  const magic = niftiMagic(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = sniff(view);
  if (!magic || !kind) return null;
  const le = kind.littleEndian;
  const singleFile = magic.startsWith('n+');
  if (kind.version === 1) {
    if (bytes.length < 348) return null;
    return {
      version: 1,
      littleEndian: le,
      singleFile,
      dim: Array.from({ length: 8 }, (_, n) => view.getInt16(40 + 2 * n, le)),
      datatype: view.getInt16(70, le),
      pixdim: Array.from({ length: 8 }, (_, n) => view.getFloat32(76 + 4 * n, le)),
      voxOffset: view.getFloat32(108, le),
      sclSlope: view.getFloat32(112, le),
      sclInter: view.getFloat32(116, le),
      descrip: ascii(bytes, 148, 80),
      qformCode: view.getInt16(252, le),
      sformCode: view.getInt16(254, le),
      quatern: [256, 260, 264].map((at) => view.getFloat32(at, le)) as [number, number, number],
      srow: [280, 296, 312].map((row) => [0, 4, 8, 12].map((o) => view.getFloat32(row + o, le))),
      headerSize: 348,
    };
  }
  if (bytes.length < 540) return null;
  return {
    version: 2,
    littleEndian: le,
    singleFile,
    dim: Array.from({ length: 8 }, (_, n) => Number(view.getBigInt64(16 + 8 * n, le))),
    datatype: view.getInt16(12, le),
    pixdim: Array.from({ length: 8 }, (_, n) => view.getFloat64(104 + 8 * n, le)),
    voxOffset: Number(view.getBigInt64(168, le)),
    sclSlope: view.getFloat64(176, le),
    sclInter: view.getFloat64(184, le),
    descrip: ascii(bytes, 240, 80),
    qformCode: view.getInt32(344, le),
    sformCode: view.getInt32(348, le),
    quatern: [352, 360, 368].map((at) => view.getFloat64(at, le)) as [number, number, number],
    srow: [400, 432, 464].map((row) => [0, 8, 16, 24].map((o) => view.getFloat64(row + o, le))),
    headerSize: 540,
  };
}
