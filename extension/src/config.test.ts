import { mergeConfig, modeBehaviour, resolveSettings } from './config';

const base = 'http://127.0.0.1:8080/plugins/mrseq/';

describe('resolveSettings', () => {
  it('defaults every URL to the folder the plugin came from', () => {
    const s = resolveSettings({}, base);
    expect(s.model).toEqual({ modelUrl: `${base}model/`, wasmPaths: `${base}ort/`, backends: ['webgpu', 'wasm'], threads: undefined });
    expect(s).toMatchObject({ samplesPerSeries: 24, classify: {}, overlay: { enabled: true, opacity: 0.45 }, autoClassify: true, autoArrange: true, preload: true });
    expect(s.timeouts).toEqual({ init: 180_000, series: 120_000, slice: 30_000 });
  });

  it('takes appConfig.mrseq, resolving relative URLs and keeping values in range', () => {
    const s = resolveSettings(
      { appConfig: { modelUrl: '/models/v2', wasmPaths: 'https://viewer.example/ort', backends: ['wasm', 'webgl' as never], slicesPerSeries: 8, overlay: { opacity: 7 }, autoArrange: false } },
      base,
    );
    expect(s.model.modelUrl).toBe('http://127.0.0.1:8080/models/v2/');
    expect(s.model.wasmPaths).toBe('https://viewer.example/ort/');
    expect(s.model.backends).toEqual(['wasm']);
    expect(s.classify).toEqual({ slices: 8 });
    expect(s.overlay.opacity).toBe(1);
    expect(s.autoArrange).toBe(false);
  });

  it("lets the extension's configuration (OHIF's extensions entry) win over appConfig.mrseq, key by key", () => {
    const s = resolveSettings(
      {
        configuration: { modelUrl: '/ext/model/', overlay: { enabled: false }, timeouts: { series: 5000 } },
        appConfig: { modelUrl: '/app/model/', threads: 2, overlay: { enabled: true, opacity: 0.2 }, autoArrange: false },
      },
      base,
    );
    expect(s.model.modelUrl).toBe('http://127.0.0.1:8080/ext/model/');
    expect(s.model.threads).toBe(2);
    expect(s.overlay).toEqual({ enabled: false, opacity: 0.2 });
    expect(s.autoArrange).toBe(false);
    expect(s.timeouts).toEqual({ init: 180_000, series: 5000, slice: 30_000 });
  });

  it("lets the mode's configuration change behaviour for that mode only", () => {
    const s = resolveSettings({ appConfig: { autoArrange: true, autoClassify: true } }, base);
    expect(modeBehaviour(s, { autoArrange: false, overlay: { opacity: 0.8 } })).toEqual({ autoClassify: true, autoArrange: false, overlay: { opacity: 0.8 } });
    expect(modeBehaviour(s, undefined)).toEqual({ autoClassify: true, autoArrange: true, overlay: undefined });
    expect(mergeConfig({ a: 1 } as never, undefined, { a: 2, b: 3 } as never)).toEqual({ a: 1, b: 3 });
  });
});
