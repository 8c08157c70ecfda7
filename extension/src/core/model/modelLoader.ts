/**
 * The one way a model is loaded, in the viewer and in the command line alike: model.json, then the
 * ONNX file, whose sha256 must match model.json before it is used. Where the bytes come from is
 * injected: HTTP from the viewer's origin in the worker, files in node (cli/src/loadModel.ts).
 * Verified bytes may be kept in a cache (Cache Storage in the browser) keyed by URL and digest, so
 * a new model file is fetched again and a tampered cache is refused.
 */
import { parseModelConfig, type ModelConfig } from '../labels';
import type { Progress } from './types';

export interface ResponseLike {
  ok: boolean;
  status: number;
  /** Why the request failed, in words, when the source can say better than a status code (files). */
  failure?: string;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface BytesCache {
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, bytes: Uint8Array): Promise<void>;
}

export interface LoaderDeps {
  fetch: (url: string) => Promise<ResponseLike>;
  sha256: (bytes: Uint8Array) => Promise<string>;
  cache?: BytesCache | null;
}

export interface FetchedModel {
  config: ModelConfig;
  bytes: Uint8Array;
  fromCache: boolean;
  onnxUrl: string;
}

export class ModelFetchError extends Error {
  override name = 'ModelFetchError';
}

/** Hex sha256 with WebCrypto (browser, worker and node 20 alike). */
export async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

async function get(deps: LoaderDeps, url: string, what: string): Promise<ResponseLike> {
  let res: ResponseLike;
  try {
    res = await deps.fetch(url);
  } catch (err) {
    throw new ModelFetchError(`could not load the ${what} from ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new ModelFetchError(`could not load the ${what}: ${res.failure ?? `${url} answered HTTP ${res.status}`}`);
  return res;
}

export async function fetchModel(modelUrl: string, deps: LoaderDeps, progress: Progress = () => undefined): Promise<FetchedModel> {
  const base = modelUrl.endsWith('/') ? modelUrl : modelUrl + '/';
  const jsonUrl = base + 'model.json';
  progress('fetching-model', `reading ${jsonUrl}`);
  let raw: unknown;
  try {
    raw = await (await get(deps, jsonUrl, 'model description')).json();
  } catch (err) {
    if (err instanceof ModelFetchError) throw err;
    throw new ModelFetchError(`the model description ${jsonUrl} is not valid JSON`);
  }
  let config: ModelConfig;
  try {
    config = parseModelConfig(raw);
  } catch (err) {
    throw new ModelFetchError(`the model description is not usable: ${(err as Error).message}`);
  }
  const onnxUrl = new URL(config.onnxFile, base).href;
  const key = `${onnxUrl}#sha256=${config.sha256}`;
  const cached = deps.cache ? await deps.cache.get(key).catch(() => undefined) : undefined;
  if (cached) {
    progress('checking-model', `checking the cached model (${mb(cached.length)})`);
    if ((await deps.sha256(cached)) === config.sha256) return { config, bytes: cached, fromCache: true, onnxUrl };
  }
  progress('fetching-model', `loading ${config.name} (${onnxUrl})`);
  const bytes = new Uint8Array(await (await get(deps, onnxUrl, 'model file')).arrayBuffer());
  progress('checking-model', `checking the model file (${mb(bytes.length)})`);
  const digest = await deps.sha256(bytes);
  if (digest !== config.sha256) {
    throw new ModelFetchError(
      `the model file ${onnxUrl} is not the one model.json describes (sha256 ${digest.slice(0, 12)}…, expected ${config.sha256.slice(0, 12)}…); refusing to run it`,
    );
  }
  if (deps.cache) await deps.cache.set(key, bytes).catch(() => undefined);
  return { config, bytes, fromCache: false, onnxUrl };
}
