import { type ImageInfo, decodePixelData } from './codecs';
import { transferSyntaxInfo } from './transferSyntax';
import { encodeFrame, loadEncoders } from '../../testing/frameEncoders';
import { TS } from '../../testing/dicomWriter';

const info = (over: Partial<ImageInfo> = {}): ImageInfo => ({
  rows: 2,
  columns: 3,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 0,
  samplesPerPixel: 1,
  planarConfiguration: 0,
  photometric: 'MONOCHROME2',
  ...over,
});

describe('decodePixelData', () => {
  test('native little endian, from an odd byte offset', async () => {
    const values = [1, 2, 300, 4000, 65535, 0];
    const raw = new Uint8Array(new Uint16Array(values).buffer);
    const shifted = new Uint8Array(raw.length + 1);
    shifted.set(raw, 1);
    const out = await decodePixelData(TS.explicitLE, shifted.subarray(1), info());
    expect(Array.from(out)).toEqual(values);
  });

  test('native big endian is byte-swapped', async () => {
    const out = await decodePixelData(TS.bigEndian, new Uint8Array([0x01, 0x02, 0, 1, 0xff, 0, 0, 0, 0, 0, 0, 0]), info());
    expect(Array.from(out.subarray(0, 3))).toEqual([0x0102, 1, 0xff00]);
  });

  test('native float 32 and 64', async () => {
    const f32 = new Float32Array([0.5, -1.25, 3, 4, 5, 6]);
    expect(Array.from(await decodePixelData(TS.explicitLE, new Uint8Array(f32.buffer), info({ floatBits: 32 })))).toEqual(Array.from(f32));
    const f64 = new Float64Array([0.1, -2, 3, 4, 5, 6]);
    expect(Array.from(await decodePixelData(TS.explicitLE, new Uint8Array(f64.buffer), info({ floatBits: 64 })))).toEqual(Array.from(f64));
  });

  test('short native data and odd bit depths are errors', async () => {
    await expect(decodePixelData(TS.explicitLE, new Uint8Array(5), info())).rejects.toThrow('pixel data too short: 5 bytes, expected 12');
    await expect(decodePixelData(TS.explicitLE, new Uint8Array(12), info({ bitsAllocated: 1 }))).rejects.toThrow(
      'BitsAllocated 1 is not supported',
    );
  });

  test('unknown and unsupported syntaxes name themselves', async () => {
    await expect(decodePixelData('1.2.840.10008.1.2.4.102', new Uint8Array(12), info())).rejects.toThrow(
      'unsupported transfer syntax 1.2.840.10008.1.2.4.102 (MPEG-4 AVC/H.264)',
    );
    await expect(decodePixelData('1.2.3.4.5', new Uint8Array(12), info())).rejects.toThrow('unsupported transfer syntax 1.2.3.4.5 (unknown)');
  });

  test('JPEG-LS frame whose size disagrees with the header', async () => {
    const encoders = await loadEncoders(TS.jpegLs);
    const shape = { rows: 2, cols: 3, bitsAllocated: 16, bitsStored: 16, samplesPerPixel: 1 };
    const frame = encodeFrame(TS.jpegLs, [1, 2, 3, 4, 5, 6], shape, encoders)!;
    expect(Array.from(await decodePixelData(TS.jpegLs, frame, info()))).toEqual([1, 2, 3, 4, 5, 6]);
    // Refused from the codestream's own frame header, before the decoder allocates anything.
    await expect(decodePixelData(TS.jpegLs, frame, info({ rows: 3 }))).rejects.toThrow(
      'JPEG-LS Lossless: the codestream is 3x2, the DICOM header says 3x3',
    );
  });

  test('garbage given to each codec is a readable error', async () => {
    const junk = new Uint8Array(64).fill(7);
    for (const ts of [TS.jpegBaseline, TS.jpegLossless, TS.jpegLs, TS.j2k]) {
      const name = transferSyntaxInfo(ts).name;
      await expect(decodePixelData(ts, junk, info({ bitsStored: 8, bitsAllocated: 8 }))).rejects.toThrow(`${name}: no `);
    }
    // A sound frame header followed by garbage reaches the decoder, whose failure is named.
    const encoders = await loadEncoders(TS.jpegLs);
    const frame = encodeFrame(TS.jpegLs, [1, 2, 3, 4, 5, 6], { rows: 2, cols: 3, bitsAllocated: 16, bitsStored: 16, samplesPerPixel: 1 }, encoders)!.slice();
    const sos = frame.findIndex((b, i) => b === 0xff && frame[i + 1] === 0xda);
    frame.fill(0xff, sos, frame.length - 2);
    await expect(decodePixelData(TS.jpegLs, frame, info())).rejects.toThrow('JPEG-LS Lossless decoding failed');
  });
});

describe('transferSyntaxInfo', () => {
  test('kinds, encapsulation and byte order', () => {
    expect(transferSyntaxInfo(undefined)).toMatchObject({ uid: '1.2.840.10008.1.2', kind: 'native', encapsulated: false });
    expect(transferSyntaxInfo('1.2.840.10008.1.2.2\0')).toMatchObject({ kind: 'native', bigEndian: true });
    expect(transferSyntaxInfo(TS.rle)).toMatchObject({ kind: 'rle', encapsulated: true, name: 'RLE Lossless' });
    expect(transferSyntaxInfo('1.2.840.10008.1.2.1.98')).toMatchObject({ kind: 'native', encapsulated: true });
  });
});
