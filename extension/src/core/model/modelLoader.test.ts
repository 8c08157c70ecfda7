import { fetchModel, webCryptoSha256 } from './modelLoader';
import { fixtureFiles, memoryCache, memoryFetch, MODEL_URL } from './testing';

describe('fetchModel', () => {
  it('downloads model.json and the ONNX file, checks the digest and caches the bytes', async () => {
    const files = fixtureFiles();
    const fetch = memoryFetch(files);
    const cache = memoryCache();
    const stages: string[] = [];
    const first = await fetchModel(MODEL_URL, { fetch, sha256: webCryptoSha256, cache }, (s) => stages.push(s));
    expect(first.fromCache).toBe(false);
    expect(first.config.labels).toContain('T1c');
    expect(first.bytes).toEqual(files[MODEL_URL + 'model.onnx']);
    expect(stages).toEqual(expect.arrayContaining(['fetching-model', 'checking-model']));
    expect(cache.store.size).toBe(1);

    const second = await fetchModel(MODEL_URL, { fetch, sha256: webCryptoSha256, cache });
    expect(second.fromCache).toBe(true);
    // the second load asked only for model.json
    expect(fetch.calls.filter((u) => u.endsWith('.onnx'))).toHaveLength(1);
  });

  it('refuses a model file whose sha256 differs from model.json', async () => {
    const files = fixtureFiles();
    const onnx = files[MODEL_URL + 'model.onnx'].slice();
    onnx[onnx.length - 1] ^= 0xff;
    files[MODEL_URL + 'model.onnx'] = onnx;
    await expect(fetchModel(MODEL_URL, { fetch: memoryFetch(files), sha256: webCryptoSha256 })).rejects.toThrow(
      /is not the one model\.json describes .*refusing to run it/,
    );
  });

  it('ignores a cached copy that no longer matches and downloads again', async () => {
    const files = fixtureFiles();
    const cache = memoryCache();
    await fetchModel(MODEL_URL, { fetch: memoryFetch(files), sha256: webCryptoSha256, cache });
    const [key] = [...cache.store.keys()];
    cache.store.set(key, new Uint8Array([1, 2, 3]));
    const again = await fetchModel(MODEL_URL, { fetch: memoryFetch(files), sha256: webCryptoSha256, cache });
    expect(again.fromCache).toBe(false);
    expect(cache.store.get(key)).toEqual(files[MODEL_URL + 'model.onnx']);
  });

  it('says which URL failed and how', async () => {
    await expect(fetchModel(MODEL_URL, { fetch: memoryFetch({}), sha256: webCryptoSha256 })).rejects.toThrow(
      `could not load the model description: ${MODEL_URL}model.json answered HTTP 404`,
    );
    const files = fixtureFiles();
    files[MODEL_URL + 'model.json'] = new TextEncoder().encode('{"labels": ["A"]}');
    await expect(fetchModel(MODEL_URL, { fetch: memoryFetch(files), sha256: webCryptoSha256 })).rejects.toThrow(
      /the model description is not usable: model\.json: labels must list at least two/,
    );
  });

  it('computes the same sha256 as model.json records for the fixture', async () => {
    const files = fixtureFiles();
    const json = JSON.parse(new TextDecoder().decode(files[MODEL_URL + 'model.json']));
    expect(await webCryptoSha256(files[MODEL_URL + 'model.onnx'])).toBe(json.onnx.sha256);
  });
});
