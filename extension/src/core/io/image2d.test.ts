import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { readImage2d } from './image2d';
import { encodePng } from './png-testing';
import { makeTiff } from './tiff-testing';

const W = 16;
const H = 9;
/** A gray ramp with a distinct value at every pixel. */
const ramp = Array.from({ length: W * H }, (_, p) => (p * 7) % 256);

function pngjs(colorType: 0 | 2 | 6, bitDepth: 8 | 16, data: Uint8Array | Uint16Array, filterType = -1): Uint8Array {
  const png = new PNG({ width: W, height: H });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: colorType, bitDepth, inputHasAlpha: colorType === 6, filterType }));
}

const rgbOf = (gray: number[], tint = 0) => gray.flatMap((v, p) => [v, p === 5 ? Math.min(255, v + tint) : v, v]);

describe('readImage2d PNG', () => {
  it('reads 8-bit gray with every filter type', async () => {
    for (const filter of [0, 1, 2, 3, 4]) {
      const s = await readImage2d('a.png', pngjs(0, 8, new Uint8Array(ramp), filter));
      expect(s.skip).toBeUndefined();
      expect(s.format).toBe('image');
      expect(s.volumes).toHaveLength(1);
      const [slice] = s.volumes[0].slices;
      expect([slice.width, slice.height, slice.source]).toEqual([W, H, 'a.png']);
      expect(slice.pixelSpacing).toBeUndefined();
      expect(Array.from(slice.pixels)).toEqual(ramp);
    }
  });

  it('reads 16-bit gray', async () => {
    const values = ramp.map((v) => v * 250);
    const s = await readImage2d('a.png', pngjs(0, 16, new Uint16Array(values)));
    expect(Array.from(s.volumes[0].slices[0].pixels)).toEqual(values);
  });

  it('treats RGB(A) with equal channels as gray and other colour as RGB', async () => {
    const gray = await readImage2d('g.png', pngjs(2, 8, new Uint8Array(rgbOf(ramp))));
    expect(Array.from(gray.volumes[0].slices[0].pixels)).toEqual(ramp);
    const rgba = await readImage2d('g.png', pngjs(6, 8, new Uint8Array(ramp.flatMap((v) => [v, v, v, 128]))));
    expect(Array.from(rgba.volumes[0].slices[0].pixels)).toEqual(ramp);
    const colour = await readImage2d('c.png', pngjs(2, 8, new Uint8Array(rgbOf(ramp, 1))));
    expect(colour.skip).toBe('unclassified: RGB image');
    expect(colour.volumes).toEqual([]);
  });

  it('reads interlaced, palette, gray + alpha and low bit depth images', async () => {
    const interlaced = await readImage2d('i.png', encodePng({ width: W, height: H, colorType: 0, depth: 8, samples: ramp, interlace: true }));
    expect(Array.from(interlaced.volumes[0].slices[0].pixels)).toEqual(ramp);
    const twoBit = ramp.map((v) => v & 3);
    const low = await readImage2d('l.png', encodePng({ width: W, height: H, colorType: 0, depth: 2, samples: twoBit, interlace: true }));
    expect(Array.from(low.volumes[0].slices[0].pixels)).toEqual(twoBit);
    const palette = [0, 0, 0, 100, 100, 100, 250, 250, 250, 255, 0, 0];
    const indices = ramp.map((v) => v % 3);
    const pal = await readImage2d('p.png', encodePng({ width: W, height: H, colorType: 3, depth: 4, samples: indices, palette }));
    expect(Array.from(pal.volumes[0].slices[0].pixels)).toEqual(indices.map((i) => palette[3 * i]));
    const red = await readImage2d('r.png', encodePng({ width: W, height: H, colorType: 3, depth: 4, samples: indices.map((i) => (i === 2 ? 3 : i)), palette }));
    expect(red.skip).toBe('unclassified: RGB image');
    const ga = await readImage2d('a.png', encodePng({ width: W, height: H, colorType: 4, depth: 16, samples: ramp.flatMap((v) => [v * 200, 65535]) }));
    expect(Array.from(ga.volumes[0].slices[0].pixels)).toEqual(ramp.map((v) => v * 200));
  });

  it('skips truncated or corrupt PNGs', async () => {
    const bytes = pngjs(0, 8, new Uint8Array(ramp));
    expect((await readImage2d('t.png', bytes.subarray(0, bytes.length - 30))).skip).toMatch(/^unreadable: /);
    expect((await readImage2d('t.png', bytes.subarray(0, 20))).skip).toMatch(/^unreadable: /);
    const broken = bytes.slice();
    broken.fill(0xaa, 45, bytes.length - 12); // inside IDAT
    expect((await readImage2d('b.png', broken)).skip).toMatch(/^unreadable: /);
  });
});

describe('readImage2d JPEG', () => {
  const jpeg = (rgb: number[]) => {
    const rgba = new Uint8Array(W * H * 4);
    for (let p = 0; p < W * H; p++) rgba.set([...rgb.slice(3 * p, 3 * p + 3), 255], 4 * p);
    return new Uint8Array(encodeJpeg({ width: W, height: H, data: rgba }, 95).data);
  };
  const smooth = Array.from({ length: W * H }, (_, p) => 40 + (p % W) * 8 + Math.floor(p / W) * 4);

  it('reads a gray picture stored as three channels', async () => {
    const s = await readImage2d('g.jpg', jpeg(smooth.flatMap((v) => [v, v, v])));
    expect(s.skip).toBeUndefined();
    const { pixels, width, height } = s.volumes[0].slices[0];
    expect([width, height]).toEqual([W, H]);
    const worst = Math.max(...Array.from(pixels, (v, p) => Math.abs(v - smooth[p])));
    expect(worst).toBeLessThan(12);
  });

  it('skips colour pictures and corrupt data', async () => {
    const colour = await readImage2d('c.jpg', jpeg(smooth.flatMap((v) => [v, 255 - v, 60])));
    expect(colour.skip).toBe('unclassified: RGB image');
    const junk = new Uint8Array(200).fill(0x55);
    junk.set([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x02]);
    expect((await readImage2d('j.jpg', junk)).skip).toMatch(/^unreadable: corrupt JPEG/);
  });
});

describe('readImage2d TIFF', () => {
  it('reads 8-bit and big-endian 16-bit gray, plain and deflated', async () => {
    const eight = await readImage2d('a.tif', makeTiff({ width: W, height: H, channels: 1, bits: 8, data: ramp }));
    expect(Array.from(eight.volumes[0].slices[0].pixels)).toEqual(ramp);
    const wide = ramp.map((v) => v * 255);
    const big = await readImage2d('b.tif', makeTiff({ width: W, height: H, channels: 1, bits: 16, data: wide, littleEndian: false, compression: 8 }));
    expect(Array.from(big.volumes[0].slices[0].pixels)).toEqual(wide);
  });

  it('reads LZW, PackBits and Deflate with the horizontal predictor', async () => {
    const wide = ramp.map((v) => v * 255);
    const rgb = rgbOf(ramp);
    for (const compression of [5, 32773, 8]) {
      for (const predictor of [1, 2] as const) {
        const gray = await readImage2d('l.tif', makeTiff({ width: W, height: H, channels: 1, bits: 16, data: wide, compression, predictor }));
        expect(Array.from(gray.volumes[0].slices[0].pixels)).toEqual(wide);
        const colour = await readImage2d('c.tif', makeTiff({ width: W, height: H, channels: 3, bits: 8, data: rgb, compression, predictor }));
        expect(Array.from(colour.volumes[0].slices[0].pixels)).toEqual(ramp);
      }
    }
  });

  it('inverts WhiteIsZero, accepts gray RGB and skips colour', async () => {
    const inverted = await readImage2d('w.tif', makeTiff({ width: W, height: H, channels: 1, bits: 8, data: ramp, photometric: 0 }));
    expect(Array.from(inverted.volumes[0].slices[0].pixels)).toEqual(ramp.map((v) => 255 - v));
    const gray = await readImage2d('g.tif', makeTiff({ width: W, height: H, channels: 3, bits: 8, data: rgbOf(ramp) }));
    expect(Array.from(gray.volumes[0].slices[0].pixels)).toEqual(ramp);
    const colour = await readImage2d('c.tif', makeTiff({ width: W, height: H, channels: 3, bits: 8, data: rgbOf(ramp, 9) }));
    expect(colour.skip).toBe('unclassified: RGB image');
  });

  it('names unsupported compressions and skips truncated data', async () => {
    const jpegTiff = makeTiff({ width: W, height: H, channels: 1, bits: 8, data: ramp, compression: 7 });
    expect((await readImage2d('j.tif', jpegTiff)).skip).toBe('unclassified: TIFF compression JPEG not supported');
    const full = makeTiff({ width: W, height: H, channels: 1, bits: 16, data: ramp });
    expect((await readImage2d('t.tif', full.subarray(0, full.length - 10))).skip).toMatch(/^unreadable: truncated TIFF/);
  });
});

describe('readImage2d other bytes', () => {
  it('throws a clear error for bytes that are no image', async () => {
    await expect(readImage2d('x.bmp', new Uint8Array([0x42, 0x4d, 0, 0, 0, 0, 0, 0]))).rejects.toThrow('not a PNG, JPEG or TIFF image: x.bmp');
  });
});
