/**
 * Minimal type declarations for the untyped packages the DICOM reader uses (dcmjs, the cornerstone
 * WASM codecs and jpeg-lossless-decoder-js). Only what the reader and the test fixtures call is declared.
 */

declare module 'dcmjs' {
  /** One element of a raw (un-naturalised) dataset, keyed by 8-digit upper-case hex tag. */
  interface DcmjsElement {
    vr: string;
    Value?: unknown[];
  }
  type DcmjsDataset = Record<string, DcmjsElement>;
  interface DcmjsDicomDict {
    meta: DcmjsDataset;
    dict: DcmjsDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }
  interface DcmjsReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }
  interface DcmjsLogger {
    setLevel(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'): void;
    getLogger(name: string): DcmjsLogger;
    /** loglevel's plugin hook: makes each logging method; applied by setLevel / rebuild. */
    methodFactory: (methodName: string, level: number, loggerName: string | symbol) => (...args: unknown[]) => void;
    rebuild?(): void;
  }
  const dcmjs: {
    data: {
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: DcmjsReadOptions): DcmjsDicomDict };
      DicomDict: new (meta: DcmjsDataset) => DcmjsDicomDict;
    };
    log: DcmjsLogger;
  };
  export default dcmjs;
}

/**
 * The cornerstone codec packages: an emscripten factory resolving to the module that holds the codec
 * classes (typed where they are used, in wasmCodecs.ts).
 */
declare module '@cornerstonejs/codec-charls' {
  const factory: (moduleArg?: object) => Promise<Record<string, unknown>>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg' {
  const factory: (moduleArg?: object) => Promise<Record<string, unknown>>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit' {
  const factory: (moduleArg?: object) => Promise<Record<string, unknown>>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor(buffer?: ArrayBuffer | null, numBytes?: number);
    decode(buffer: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
