/**
 * Compressed pixel data through the cornerstone emscripten codecs (JPEG baseline, JPEG-LS, JPEG 2000)
 * and jpeg-lossless-decoder-js. Each package is loaded on first use with a dynamic import(), so the
 * core stays light until a compressed file shows up. The packages' default entry points embed their
 * WebAssembly as a data URI, so they initialise the same way in node, jest and a browser Web Worker.
 */

/** Decoded frame: raw samples in a container sized to the codec's bit depth. */
export interface CodecFrame {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  /** Bytes as the codec left them (little endian samples, pixel-interleaved for colour). */
  bytes: Uint8Array;
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
}

/** Decoder instance shape shared by JpegLSDecoder, J2KDecoder and JPEGDecoder. */
interface EmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  delete(): void;
}
type EmModule = Record<string, unknown>;
type Factory = (moduleArg?: object) => Promise<EmModule>;

/** Codec console output: info lines are dropped, the last error line is kept for error messages. */
let lastCodecError = '';
/** Emscripten uses the object it is given as the module itself: one fresh object per codec. */
function moduleArg(): object {
  return {
    print: () => undefined,
    printErr: (line: string) => {
      lastCodecError = String(line).trim();
    },
  };
}

function factoryOf(mod: unknown): Factory {
  let f: unknown = mod;
  for (let i = 0; i < 3 && typeof f !== 'function' && f && typeof f === 'object'; i++) {
    f = (f as { default?: unknown }).default;
  }
  if (typeof f !== 'function') throw new Error('codec package has no factory function');
  return f as Factory;
}

const cache = new Map<string, Promise<EmModule>>();

function loadModule(name: 'charls' | 'openjpeg' | 'libjpeg-turbo'): Promise<EmModule> {
  let p = cache.get(name);
  if (!p) {
    const imported =
      name === 'charls'
        ? import('@cornerstonejs/codec-charls')
        : name === 'openjpeg'
          ? import('@cornerstonejs/codec-openjpeg')
          : import('@cornerstonejs/codec-libjpeg-turbo-8bit');
    p = imported.then((m) => factoryOf(m)(moduleArg()));
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'number') return lastCodecError || `corrupt or unsupported data (codec exception ${err})`;
  return String(err);
}

async function runEmDecoder(
  name: 'charls' | 'openjpeg' | 'libjpeg-turbo',
  className: string,
  encoded: Uint8Array,
  label: string,
): Promise<CodecFrame> {
  const mod = await loadModule(name);
  const Ctor = mod[className] as (new () => EmDecoder) | undefined;
  if (typeof Ctor !== 'function') throw new Error(`${label} decoder is missing from its codec package`);
  const decoder = new Ctor();
  lastCodecError = '';
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const decoded = decoder.getDecodedBuffer();
    // Copy out of the WASM heap before the decoder is deleted.
    return {
      width: info.width,
      height: info.height,
      bitsPerSample: info.bitsPerSample,
      componentCount: info.componentCount,
      bytes: new Uint8Array(decoded),
    };
  } catch (err) {
    throw new Error(describe(err));
  } finally {
    decoder.delete();
  }
}

export function decodeJpegLs(encoded: Uint8Array): Promise<CodecFrame> {
  return runEmDecoder('charls', 'JpegLSDecoder', encoded, 'JPEG-LS');
}

export function decodeJpeg2000(encoded: Uint8Array): Promise<CodecFrame> {
  return runEmDecoder('openjpeg', 'J2KDecoder', encoded, 'JPEG 2000');
}

export function decodeJpegBaseline(encoded: Uint8Array): Promise<CodecFrame> {
  return runEmDecoder('libjpeg-turbo', 'JPEGDecoder', encoded, 'JPEG');
}

/** JPEG lossless (process 14); `bytesPerSample` 1 or 2 as the image's BitsAllocated says. */
export async function decodeJpegLossless(encoded: Uint8Array, bytesPerSample: number): Promise<Uint8Array | Uint16Array> {
  const mod = (await import('jpeg-lossless-decoder-js')) as unknown as {
    Decoder?: new () => { decode(b: ArrayBuffer, o?: number, l?: number, n?: number): Uint8Array | Uint16Array };
    default?: { Decoder?: new () => { decode(b: ArrayBuffer, o?: number, l?: number, n?: number): Uint8Array | Uint16Array } };
  };
  const Decoder = mod.Decoder ?? mod.default?.Decoder;
  if (!Decoder) throw new Error('jpeg-lossless-decoder-js has no Decoder');
  // The decoder reads through a DataView of the whole buffer: hand it a tight copy.
  const copy = encoded.slice().buffer;
  try {
    return new Decoder().decode(copy, 0, copy.byteLength, bytesPerSample);
  } catch (err) {
    throw new Error(describe(err));
  }
}
