/**
 * Two ways the classifier worker spends time that would otherwise be idle, so that the first real
 * series is not the one that pays for start-up (measured: README, benchmarks):
 *  - startWasm: a session of a 75-byte model (one Identity operator) makes onnxruntime-web fetch,
 *    compile and initialise its wasm runtime while the real model is still being fetched and
 *    checked, instead of after;
 *  - warmupSeries: a small synthetic series, classified once after the model is loaded, compiles the
 *    core's JavaScript (preprocessing, slice selection, class maps) and lets the engine optimise the
 *    model's wasm kernels before the study's first series arrives.
 */
import type { LoadedSeries } from '../core/types';
import type { OrtLike } from '../core/model/session';

/**
 * The Identity model, as written by onnx.helper (opset 17, IR 8): input x float[1] -> output y.
 * Regenerate: make_graph([make_node('Identity', ['x'], ['y'])], 'warm', [x], [y]) with x, y float [1].
 */
const TINY_MODEL = 'CAgSBW1yc2VxOjoKEAoBeBIBeSIISWRlbnRpdHkSBHdhcm1aDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAR';

/** The tiny model's bytes. */
export function tinyModel(): Uint8Array {
  return bytesOf(TINY_MODEL);
}

function bytesOf(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Start onnxruntime-web's wasm runtime now. Never fails: the real session reports any problem. */
export async function startWasm(ort: OrtLike): Promise<void> {
  try {
    const session = await ort.InferenceSession.create(tinyModel(), { executionProviders: ['wasm'] });
    await session.run({ x: new ort.Tensor('float32', new Float32Array([1]), [1]) });
    await session.release?.();
  } catch {
    // the real session is created next and says what is wrong
  }
}

/** A small MR-like series (a bright ellipse with texture) for warming up the core path. */
export function warmupSeries(slices = 4, size = 96): LoadedSeries {
  const volume = Array.from({ length: slices }, (_, k) => {
    const pixels = new Float32Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = ((x - size / 2) / (size * 0.35)) ** 2 + ((y - size / 2) / (size * 0.42)) ** 2;
        pixels[y * size + x] = d < 1 ? 500 + 200 * Math.sin(x / 5 + k) * Math.cos(y / 7) : 3;
      }
    }
    return { width: size, height: size, pixels, pixelSpacing: [2, 2] as [number, number], position: 4 * k };
  });
  return { id: 'mrseq-warmup', format: 'dicom', sources: [], header: { modality: 'MR' }, volumes: [{ key: '', slices: volume }], warnings: [] };
}
