/**
 * The extension's settings: `window.config.mrseq` (the viewer's app config) over defaults. URLs
 * default to the folder the plugin was loaded from, so a deployer who copies dist/plugin anywhere
 * on their viewer's origin needs no setting at all.
 */
import type { ClassifierSettings } from '../services/types';
import type { Backend } from '../worker/protocol';

export interface MrseqAppConfig {
  /** Folder URL of model.json + the ONNX file. */
  modelUrl?: string;
  /** Folder URL of onnxruntime-web's wasm files. */
  wasmPaths?: string;
  backends?: Backend[];
  threads?: number;
  /** Images loaded per series (the core then picks the slices it classifies). */
  samplesPerSeries?: number;
  /** Slices classified per series (default: the model's). */
  slicesPerSeries?: number;
  /** Classify the study when it opens (default true). */
  autoClassify?: boolean;
  /** Re-hang the study by sequence when predictions arrive (default true). */
  autoArrange?: boolean;
  overlay?: { enabled?: boolean; opacity?: number };
}

export interface ExtensionSettings extends ClassifierSettings {
  autoClassify: boolean;
  autoArrange: boolean;
}

const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

function folder(url: string, base: string): string {
  const abs = new URL(url, base).href;
  return abs.endsWith('/') ? abs : abs + '/';
}

/** `pluginBase`: the URL of the folder the plugin was served from (webpack's public path). */
export function resolveSettings(config: MrseqAppConfig | undefined, pluginBase: string): ExtensionSettings {
  const c = config ?? {};
  const backends = (c.backends ?? ['webgpu', 'wasm']).filter((b) => BACKENDS.includes(b));
  return {
    model: {
      modelUrl: folder(c.modelUrl ?? 'model/', pluginBase),
      wasmPaths: folder(c.wasmPaths ?? 'ort/', pluginBase),
      backends: backends.length ? backends : ['wasm'],
      threads: c.threads,
    },
    samplesPerSeries: Math.max(2, Math.round(c.samplesPerSeries ?? 24)),
    classify: c.slicesPerSeries ? { slices: c.slicesPerSeries } : {},
    overlay: { enabled: c.overlay?.enabled ?? true, opacity: Math.min(1, Math.max(0, c.overlay?.opacity ?? 0.45)) },
    autoClassify: c.autoClassify ?? true,
    autoArrange: c.autoArrange ?? true,
  };
}

declare const __webpack_public_path__: string | undefined;

/** Where this plugin was loaded from (its folder URL), or the page's own folder outside webpack. */
export function pluginBaseUrl(): string {
  if (typeof __webpack_public_path__ === 'string' && __webpack_public_path__) return new URL(__webpack_public_path__, globalThis.location?.href).href;
  return new URL('./', globalThis.location?.href ?? 'http://localhost/').href;
}
