import { resolveSettings } from './settings';

const base = 'http://127.0.0.1:8080/plugins/mrseq/';

describe('resolveSettings', () => {
  it('defaults every URL to the folder the plugin came from', () => {
    const s = resolveSettings(undefined, base);
    expect(s.model).toEqual({ modelUrl: `${base}model/`, wasmPaths: `${base}ort/`, backends: ['webgpu', 'wasm'], threads: undefined });
    expect(s).toMatchObject({ samplesPerSeries: 24, classify: {}, overlay: { enabled: true, opacity: 0.45 }, autoClassify: true, autoArrange: true });
  });

  it('takes window.config.mrseq, resolving relative URLs and keeping values in range', () => {
    const s = resolveSettings(
      { modelUrl: '/models/v2', wasmPaths: 'https://viewer.example/ort', backends: ['wasm', 'webgl' as never], slicesPerSeries: 8, overlay: { opacity: 7 }, autoArrange: false },
      base,
    );
    expect(s.model.modelUrl).toBe('http://127.0.0.1:8080/models/v2/');
    expect(s.model.wasmPaths).toBe('https://viewer.example/ort/');
    expect(s.model.backends).toEqual(['wasm']);
    expect(s.classify).toEqual({ slices: 8 });
    expect(s.overlay.opacity).toBe(1);
    expect(s.autoArrange).toBe(false);
  });
});
