/**
 * Whether the WebGPU adapter a browser offers is worth using for the classifier. A software adapter
 * (Chromium's SwiftShader, reported as a fallback adapter or by its architecture) runs this model
 * about 100x slower than WASM and takes seconds to start (`npm run bench`, README table: 833 ms
 * against 7.5 ms per slice, 6.4 s session start), so it is not used, and onnxruntime-web's 28 MB JSEP build is
 * not fetched for it, unless WebGPU is the only backend asked for. A hardware adapter is used and then
 * timed against WASM at load (core/model/session.ts `compare`). Pure.
 */
export interface AdapterLike {
  /** Older Chromium: on the adapter itself. */
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/** Why this adapter is not used (null: use it). */
export function adapterProblem(adapter: AdapterLike | null | undefined, softwareAllowed: boolean): string | null {
  if (!adapter) return 'no WebGPU adapter';
  if (softwareAllowed) return null;
  const info = adapter.info ?? {};
  const names = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || /swiftshader|llvmpipe|software/i.test(names);
  return software ? `only a software WebGPU adapter${names ? ` (${names})` : ''}, slower than WASM` : null;
}
