/**
 * The fuzz seeds: small valid files of every reader, written here (no downloads). DICOM seeds are
 * whole series (a case mutates one file and reads it with its unmutated siblings, so series-level
 * code runs too): every transfer syntax family, enhanced multi-frame (also compressed), a Siemens
 * mosaic, float pixels, signed MONOCHROME1 with rescale, vendor private b-values in implicit VR.
 */
import { encode as encodeJpegJs } from 'jpeg-js';
import { makeMgh, makeNifti } from '../../core/io/testing';
import { encodePng } from '../../core/io/png-testing';
import { makeTiff } from '../../core/io/tiff-testing';
import { TS, makeMrSeriesAsync, type MrSeriesSpec } from '../dicomFixtures';
import type { DicomLayout } from './dicomMutators';
import type { FormatKind } from './formatMutators';

export type ReaderKind = 'dicom' | 'nifti' | 'mgh' | 'image2d';

export interface Seed {
  name: string;
  reader: ReaderKind;
  /** File name given to the reader (its extension matters for NIfTI and MGH). */
  fileName: string;
  /** One file, or a DICOM series. */
  files: Uint8Array[];
  /** How to mutate beyond raw bytes. */
  dicom?: DicomLayout;
  format?: FormatKind;
  gzipped?: boolean;
}

const N = 8;
const ramp = (v: number, s: number, r: number, c: number) => (v * 97 + s * 31 + r * 7 + c * 3) % 1000;

async function dicom(name: string, spec: MrSeriesSpec, explicit: boolean | null = true): Promise<Seed> {
  const full: MrSeriesSpec = { rows: N, cols: N, slices: 3, pixelValue: ramp, seriesDescription: name, ...spec };
  const files = await makeMrSeriesAsync(full);
  return { name: `dicom-${name}`, reader: 'dicom', fileName: `${name}.dcm`, files, dicom: { explicit } };
}

const gray = Array.from({ length: 12 * 10 }, (_, p) => (p * 13) % 256);

function jpegGray(): Uint8Array {
  const rgba = new Uint8Array(12 * 10 * 4);
  gray.forEach((v, p) => rgba.set([v, v, v, 255], p * 4));
  return new Uint8Array(encodeJpegJs({ width: 12, height: 10, data: rgba }, 90).data);
}

/** Every seed; DICOM seeds with JPEG-LS and JPEG 2000 need the codec modules, hence async. */
export async function buildSeeds(): Promise<Seed[]> {
  const vol = Float32Array.from({ length: 6 * 5 * 4 }, (_, i) => (i * 37) % 500);
  const vol4d = Float32Array.from({ length: 6 * 5 * 3 * 2 }, (_, i) => (i * 11) % 300);
  const seeds: Seed[] = [
    await dicom('explicit', {}),
    await dicom('implicit', { transferSyntax: TS.implicitLE, bValues: [0, 800], bValueTag: 'siemens', slices: 2 }, false),
    await dicom('bigendian', { transferSyntax: TS.bigEndian }, null),
    await dicom('deflated', { transferSyntax: TS.deflated }, null),
    await dicom('rle', { transferSyntax: TS.rle, bitsStored: 12 }),
    await dicom('jpeg-baseline', { transferSyntax: TS.jpegBaseline, bitsAllocated: 8, bitsStored: 8, pixelValue: (v, s, r, c) => (s * 40 + r * 9 + c * 5) % 256 }),
    await dicom('jpeg-extended-12', { transferSyntax: TS.jpegExtended, bitsStored: 12 }),
    await dicom('jpeg-lossless', { transferSyntax: TS.jpegLossless, bitsStored: 12 }),
    await dicom('jpeg-ls', { transferSyntax: TS.jpegLs, bitsStored: 12 }),
    await dicom('jpeg2000', { transferSyntax: TS.j2kLossless, bitsStored: 12 }),
    await dicom('enhanced', { enhanced: true, bValues: [0, 1000], slices: 2, rescalePerFrame: true }),
    await dicom('enhanced-rle', { enhanced: true, transferSyntax: TS.rle, slices: 3, bitsStored: 12 }),
    await dicom('mosaic', { mosaic: true, slices: 4, bValues: [0, 1000] }),
    await dicom('float', { floatPixels: true, pixelValue: (v, s, r, c) => (r - c) * 0.5 + s }),
    await dicom('signed-mono1', { pixelRepresentation: 1, bitsStored: 12, photometric: 'MONOCHROME1', rescale: { slope: 2, intercept: -100 } }),
    await dicom('no-geometry', { orientation: null, positions: null, pixelSpacing: null, slices: 4 }),
    {
      name: 'nifti1',
      reader: 'nifti',
      fileName: 'a.nii',
      files: [makeNifti({ dims: [6, 5, 4], data: vol, datatype: 'int16', pixdim: [1, 1, 3] })],
      format: 'nifti',
    },
    {
      name: 'nifti1-gz-4d',
      reader: 'nifti',
      fileName: 'b.nii.gz',
      files: [makeNifti({ dims: [6, 5, 3, 2], data: vol4d, datatype: 'float32', gzip: true, qformCode: 1, sformCode: 0, quatern: [0, 0, 1] })],
      format: 'nifti',
      gzipped: true,
    },
    {
      name: 'nifti2-be',
      reader: 'nifti',
      fileName: 'c.nii',
      files: [makeNifti({ dims: [6, 5, 4], data: vol.map((v) => v % 256), datatype: 'uint8', version: 2, littleEndian: false })],
      format: 'nifti',
    },
    { name: 'mgh', reader: 'mgh', fileName: 'd.mgh', files: [makeMgh({ dims: [6, 5, 4], data: vol, spacing: [1, 1, 2], scan: [2000, 1.5, 80, 0] })], format: 'mgh' },
    { name: 'mgz', reader: 'mgh', fileName: 'e.mgz', files: [makeMgh({ dims: [6, 5, 3, 2], data: vol4d, type: 4, gzip: true })], format: 'mgh', gzipped: true },
    { name: 'png-gray8', reader: 'image2d', fileName: 'f.png', files: [encodePng({ width: 12, height: 10, colorType: 0, depth: 8, samples: gray })], format: 'png' },
    {
      name: 'png-gray16-interlaced',
      reader: 'image2d',
      fileName: 'g.png',
      files: [encodePng({ width: 12, height: 10, colorType: 0, depth: 16, samples: gray.map((v) => v * 200), interlace: true })],
      format: 'png',
    },
    {
      name: 'png-palette',
      reader: 'image2d',
      fileName: 'h.png',
      files: [encodePng({ width: 12, height: 10, colorType: 3, depth: 4, samples: gray.map((v) => v % 3), palette: [0, 0, 0, 90, 90, 90, 200, 200, 200] })],
      format: 'png',
    },
    { name: 'jpeg', reader: 'image2d', fileName: 'i.jpg', files: [jpegGray()], format: 'jpeg' },
    { name: 'tiff-raw16', reader: 'image2d', fileName: 'j.tif', files: [makeTiff({ width: 12, height: 10, channels: 1, bits: 16, data: gray.map((v) => v * 100) })], format: 'tiff' },
    { name: 'tiff-lzw', reader: 'image2d', fileName: 'k.tif', files: [makeTiff({ width: 12, height: 10, channels: 1, bits: 8, data: gray, compression: 5 })], format: 'tiff' },
    {
      name: 'tiff-deflate-predictor-be',
      reader: 'image2d',
      fileName: 'l.tif',
      files: [makeTiff({ width: 12, height: 10, channels: 1, bits: 16, data: gray.map((v) => v * 50), compression: 8, predictor: 2, littleEndian: false })],
      format: 'tiff',
    },
    {
      name: 'tiff-packbits-rgb',
      reader: 'image2d',
      fileName: 'm.tif',
      files: [makeTiff({ width: 12, height: 10, channels: 3, bits: 8, data: gray.flatMap((v) => [v, v, v]), compression: 32773 })],
      format: 'tiff',
    },
  ];
  return seeds;
}

