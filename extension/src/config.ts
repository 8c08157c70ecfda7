/**
 * The extension's settings, from OHIF's own configuration channels. Precedence, highest first:
 *
 *   1. the mode's configuration (`appConfig.modesConfiguration['@mrseq/mode']`, handed to
 *      `modeFactory({ modeConfiguration })`): behaviour only (autoClassify, autoArrange, overlay),
 *      for the time that mode is open;
 *   2. the extension's configuration (`extensions: [[mrseqExtension, { ... }]]`, handed to
 *      `preRegistration({ configuration })`);
 *   3. `appConfig.mrseq` (`window.config.mrseq`), for viewers that load the extension by URL (the
 *      prebuilt viewer's loader passes no configuration to those);
 *   4. the defaults below.
 *
 * Each key is taken from the highest layer that sets it. URLs default to the folder the plugin was
 * loaded from, so a deployer who copies dist/plugin anywhere on their viewer's origin needs no setting.
 */
import type { Backend, ModelSource } from './core/model/types';
import type { OverlaySettings } from './overlays/overlayStore';
import type { ClassifierSettings } from './services/types';
import { DEFAULT_TIMEOUTS, type Timeouts } from './worker/client';

/** Settings a mode may change for as long as it is open. */
export interface ModeSettings {
  /** Classify the study when it opens (default true). */
  autoClassify?: boolean;
  /** Re-hang the study by sequence when predictions arrive (default true). */
  autoArrange?: boolean;
  overlay?: Partial<OverlaySettings>;
}

export interface MrseqConfiguration extends ModeSettings {
  /** Folder URL of model.json + the ONNX file. */
  modelUrl?: string;
  /** Folder URL of onnxruntime-web's wasm files. */
  wasmPaths?: string;
  backends?: Backend[];
  /** WASM threads (default 1; never more than the cores less one, see worker/threads.ts and the README benchmarks). */
  threads?: number;
  /** Images loaded per series (the core then picks the slices it classifies). */
  samplesPerSeries?: number;
  /** Central images per series for a first look before the full classification (default 4; 0: none). */
  quickSlices?: number;
  /** Slices classified per series (default: the model's). */
  slicesPerSeries?: number;
  /** Start the worker and load the model when the extension registers, before any study opens (default true). */
  preload?: boolean;
  /** Milliseconds a worker call may take: { init, series, slice }. */
  timeouts?: Partial<Timeouts>;
}

/** @deprecated the old name of MrseqConfiguration (window.config.mrseq). */
export type MrseqAppConfig = MrseqConfiguration;

export interface ExtensionSettings extends ClassifierSettings {
  autoClassify: boolean;
  autoArrange: boolean;
  overlay: OverlaySettings;
  preload: boolean;
  timeouts: Timeouts;
}

export interface ConfigLayers {
  /** preRegistration's `configuration`. */
  configuration?: MrseqConfiguration | null;
  /** `appConfig.mrseq`. */
  appConfig?: MrseqConfiguration | null;
}

const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

function folder(url: string, base: string): string {
  const abs = new URL(url, base).href;
  return abs.endsWith('/') ? abs : abs + '/';
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Merge layers, highest first: each key from the first layer that defines it (overlay key by key). */
export function mergeConfig(...layers: Array<MrseqConfiguration | null | undefined>): MrseqConfiguration {
  const out: MrseqConfiguration = {};
  for (const layer of [...layers].reverse()) {
    if (!layer || typeof layer !== 'object') continue;
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      if (k === 'overlay' || k === 'timeouts') (out as Record<string, unknown>)[k] = { ...((out as Record<string, object>)[k] ?? {}), ...(v as object) };
      else (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

/** `pluginBase`: the URL of the folder the plugin was served from (webpack's public path). */
export function resolveSettings(layers: ConfigLayers, pluginBase: string): ExtensionSettings {
  const c = mergeConfig(layers.configuration, layers.appConfig);
  const backends = (c.backends ?? ['webgpu', 'wasm']).filter((b) => BACKENDS.includes(b));
  const model: ModelSource = {
    modelUrl: folder(c.modelUrl ?? 'model/', pluginBase),
    wasmPaths: folder(c.wasmPaths ?? 'ort/', pluginBase),
    backends: backends.length ? backends : ['wasm'],
    threads: c.threads,
  };
  const timeouts = { ...DEFAULT_TIMEOUTS };
  for (const [k, v] of Object.entries(c.timeouts ?? {})) if (typeof v === 'number' && v > 0) timeouts[k as keyof Timeouts] = v;
  return {
    model,
    samplesPerSeries: Math.max(2, Math.round(c.samplesPerSeries ?? 24)),
    quickSlices: Math.max(0, Math.round(c.quickSlices ?? 4)),
    classify: c.slicesPerSeries ? { slices: c.slicesPerSeries } : {},
    overlay: { enabled: c.overlay?.enabled ?? true, opacity: clamp01(c.overlay?.opacity ?? 0.45) },
    autoClassify: c.autoClassify ?? true,
    autoArrange: c.autoArrange ?? true,
    preload: c.preload ?? true,
    timeouts,
  };
}

/** The behaviour for one mode session: the mode's configuration over the extension's settings. */
export function modeBehaviour(settings: ExtensionSettings, mode: ModeSettings | null | undefined): Pick<ExtensionSettings, 'autoClassify' | 'autoArrange'> & { overlay?: Partial<OverlaySettings> } {
  return {
    autoClassify: mode?.autoClassify ?? settings.autoClassify,
    autoArrange: mode?.autoArrange ?? settings.autoArrange,
    overlay: mode?.overlay,
  };
}

declare const __webpack_public_path__: string | undefined;

/** Where this plugin was loaded from (its folder URL), or the page's own folder outside webpack. */
export function pluginBaseUrl(): string {
  if (typeof __webpack_public_path__ === 'string' && __webpack_public_path__) return new URL(__webpack_public_path__, globalThis.location?.href).href;
  return new URL('./', globalThis.location?.href ?? 'http://localhost/').href;
}
