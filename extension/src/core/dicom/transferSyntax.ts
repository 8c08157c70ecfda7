/** Transfer syntaxes: what each one is called and which decoder handles it. */

export type CodecKind =
  | 'native'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'unsupported';

export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  kind: CodecKind;
  /** Pixel data is a sequence of fragments (encapsulated) rather than one value. */
  encapsulated: boolean;
  bigEndian: boolean;
}

const TABLE: Array<[string, string, CodecKind]> = [
  ['1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native'],
  ['1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native'],
  ['1.2.840.10008.1.2.1.98', 'Encapsulated Uncompressed Explicit VR Little Endian', 'native'],
  ['1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native'],
  ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native'],
  ['1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'],
  ['1.2.840.10008.1.2.4.50', 'JPEG Baseline', 'jpeg-baseline'],
  ['1.2.840.10008.1.2.4.51', 'JPEG Extended', 'jpeg-baseline'],
  ['1.2.840.10008.1.2.4.57', 'JPEG Lossless', 'jpeg-lossless'],
  ['1.2.840.10008.1.2.4.70', 'JPEG Lossless SV1', 'jpeg-lossless'],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'],
  ['1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', 'jpeg-ls'],
  ['1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless', 'jpeg2000'],
  ['1.2.840.10008.1.2.4.91', 'JPEG 2000', 'jpeg2000'],
  ['1.2.840.10008.1.2.4.201', 'HTJ2K Lossless', 'jpeg2000'],
  ['1.2.840.10008.1.2.4.202', 'HTJ2K Lossless RPCL', 'jpeg2000'],
  ['1.2.840.10008.1.2.4.203', 'HTJ2K', 'jpeg2000'],
  ['1.2.840.10008.1.2.4.52', 'JPEG Extended (Process 3 & 5)', 'unsupported'],
  ['1.2.840.10008.1.2.4.53', 'JPEG Spectral Selection', 'unsupported'],
  ['1.2.840.10008.1.2.4.55', 'JPEG Full Progression', 'unsupported'],
  ['1.2.840.10008.1.2.4.58', 'JPEG Lossless (Process 15)', 'unsupported'],
  ['1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Lossless', 'unsupported'],
  ['1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2', 'unsupported'],
  ['1.2.840.10008.1.2.4.94', 'JPIP Referenced', 'unsupported'],
  ['1.2.840.10008.1.2.4.95', 'JPIP Referenced Deflate', 'unsupported'],
  ['1.2.840.10008.1.2.4.100', 'MPEG2', 'unsupported'],
  ['1.2.840.10008.1.2.4.101', 'MPEG2 High Level', 'unsupported'],
  ['1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264', 'unsupported'],
  ['1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD', 'unsupported'],
  ['1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 2D', 'unsupported'],
  ['1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 3D', 'unsupported'],
  ['1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo', 'unsupported'],
  ['1.2.840.10008.1.2.4.107', 'HEVC/H.265', 'unsupported'],
  ['1.2.840.10008.1.2.4.108', 'HEVC/H.265 10-bit', 'unsupported'],
  ['1.2.840.10008.1.2.6.1', 'RFC 2557 MIME', 'unsupported'],
  ['1.2.840.10008.1.2.6.2', 'XML', 'unsupported'],
];

const BY_UID = new Map(TABLE.map(([uid, name, kind]) => [uid, { name, kind }]));

/** Unencapsulated syntaxes: pixel data is one value. */
const NOT_ENCAPSULATED = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.2',
]);

export function transferSyntaxInfo(uid: string | undefined): TransferSyntaxInfo {
  const key = (uid ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  const known = BY_UID.get(key);
  return {
    uid: key,
    name: known?.name ?? 'unknown',
    kind: known?.kind ?? 'unsupported',
    encapsulated: !NOT_ENCAPSULATED.has(key),
    bigEndian: key === '1.2.840.10008.1.2.2',
  };
}

/** "unsupported transfer syntax 1.2.840.10008.1.2.4.100 (MPEG2)" */
export function unsupportedMessage(ts: TransferSyntaxInfo): string {
  return `unsupported transfer syntax ${ts.uid} (${ts.name})`;
}
