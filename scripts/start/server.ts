/**
 * One origin for everything the viewer loads: the OHIF dist, our plugin (extension, mode, worker,
 * onnxruntime-web wasm, model), a generated app-config.js and a DICOMweb endpoint (a folder facade,
 * or a proxy to a DICOMweb server such as Orthanc, which sends no CORS headers). Cross-origin
 * isolation headers let onnxruntime-web use WASM threads.
 */
import { createReadStream, promises as fs, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { CSP_REPORT_PATH, contentSecurityPolicy, parseCspReport, type CspViolation } from './csp';
import { type DicomIndex, qidoInstances, qidoSeries, qidoStudies, wadoMetadata, wadoUriFile } from './dicomFolder';

export const PLUGIN_PREFIX = '/plugins/mrseq/';
export const DICOMWEB_PREFIX = '/dicomweb';

export type DicomWebBackend = { kind: 'folder'; index: DicomIndex } | { kind: 'proxy'; target: string } | { kind: 'none' };

export interface ServerOptions {
  ohifDir: string;
  pluginDir: string;
  appConfigJs: string;
  dicomweb: DicomWebBackend;
  /** Called for every request (for logs and tests). */
  onRequest?: (method: string, url: string, status: number) => void;
  /** Called for every Content-Security-Policy violation the browser reports. */
  onCspViolation?: (v: CspViolation) => void;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: cross-origin isolation (WASM threads) and nothing shared with other origins. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** Resolve a URL path inside `root`, refusing anything that climbs out of it. */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

async function isFile(p: string | null): Promise<boolean> {
  if (!p) return false;
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { ...ISOLATION_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** A validator for a file: its size and modification time (what a rebuild changes). */
export function etagOf(stat: { size: number; mtimeMs: number }): string {
  return `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}

/**
 * A static file with a validator, so that a reload revalidates (304) instead of fetching again:
 * Chromium then also keeps what it compiled from it (JavaScript and WebAssembly code caches, which
 * hang on the cached response; onnxruntime-web's 14 MB wasm is compiled once, not on every load).
 * `cache`: the viewer's hashed bundles may be reused for an hour without asking; the plugin's files
 * (rebuilt in place) and the folder's DICOM files are revalidated every time.
 */
async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, cache: boolean, contentType?: string): Promise<void> {
  const type = contentType ?? TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const etag = etagOf(await fs.stat(file));
  const headers = { ...ISOLATION_HEADERS, 'Content-Type': type, 'Cache-Control': cache ? 'max-age=3600' : 'no-cache', ETag: etag };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function cspReport(req: http.IncomingMessage, res: http.ServerResponse, onViolation?: (v: CspViolation) => void): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    if (body.length < 64 * 1024) body += chunk;
  });
  req.on('end', () => {
    const v = parseCspReport(body);
    if (v) onViolation?.(v);
    res.writeHead(204, ISOLATION_HEADERS);
    res.end();
  });
}

function json(res: http.ServerResponse, body: unknown): void {
  send(res, 200, JSON.stringify(body), 'application/dicom+json');
}

/** Route a DICOMweb request to the folder index; returns false when the path is not one it serves. */
export function folderRoute(index: DicomIndex, rest: string, query: URLSearchParams): { status: number; body?: unknown; file?: string } {
  const parts = rest.split('/').filter(Boolean);
  if (parts[0] === 'wado') {
    const file = wadoUriFile(index, query);
    return file ? { status: 200, file } : { status: 404 };
  }
  if (parts[0] !== 'studies') return { status: 404 };
  const [, study, level, series, sub] = parts;
  if (!study) return { status: 200, body: qidoStudies(index, query) };
  if (level === 'metadata' && !series) return { status: 200, body: wadoMetadata(index, study) };
  if (level === 'series' && !series) return { status: 200, body: qidoSeries(index, study) };
  if (level === 'series' && sub === 'metadata') return { status: 200, body: wadoMetadata(index, study, series) };
  if (level === 'series' && sub === 'instances' && parts.length === 5) return { status: 200, body: qidoInstances(index, study, series) };
  return { status: 404 };
}

function proxy(target: string, rest: string, search: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(target.replace(/\/$/, '') + rest + search);
  const headers = { ...req.headers, host: url.host };
  delete headers.origin;
  delete headers.referer;
  const upstream = http.request(url, { method: req.method, headers }, (up) => {
    const out: http.OutgoingHttpHeaders = { ...up.headers, ...ISOLATION_HEADERS };
    delete out['access-control-allow-origin'];
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on('error', (err) => {
    if (!res.headersSent) send(res, 502, `DICOMweb server at ${target} did not answer: ${err.message}\n`, 'text/plain; charset=utf-8');
    else res.destroy(err);
  });
  req.pipe(upstream);
}

export function createServer(opts: ServerOptions): http.Server {
  const ohifRoot = path.resolve(opts.ohifDir);
  const pluginRoot = path.resolve(opts.pluginDir);
  // One policy for every response: the pages and the workers (whose policy is their script's header).
  let indexHtml = '';
  try {
    indexHtml = readFileSync(path.join(ohifRoot, 'index.html'), 'utf8');
  } catch {
    // no viewer dist (tests): no inline script to allow
  }
  const csp = contentSecurityPolicy(indexHtml);
  return http.createServer(async (req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => opts.onRequest?.(req.method ?? 'GET', url.pathname + url.search, res.statusCode));
    try {
      const p = url.pathname;
      if (p === '/app-config.js') return send(res, 200, opts.appConfigJs, TYPES['.js']);
      if (p === CSP_REPORT_PATH && req.method === 'POST') return cspReport(req, res, opts.onCspViolation);
      if (p === DICOMWEB_PREFIX || p.startsWith(DICOMWEB_PREFIX + '/')) {
        const rest = p.slice(DICOMWEB_PREFIX.length);
        const backend = opts.dicomweb;
        if (backend.kind === 'proxy') return proxy(backend.target, rest, url.search, req, res);
        if (backend.kind === 'none') return send(res, 404, 'no DICOMweb source configured\n', TYPES['.txt']);
        const routed = folderRoute(backend.index, rest, url.searchParams);
        if (routed.file) return sendFile(req, res, routed.file, false, 'application/dicom');
        if (routed.status !== 200) return send(res, routed.status, 'not found\n', TYPES['.txt']);
        return json(res, routed.body);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', TYPES['.txt']);
      if (p.startsWith(PLUGIN_PREFIX)) {
        const file = safeJoin(pluginRoot, p.slice(PLUGIN_PREFIX.length));
        return (await isFile(file)) ? sendFile(req, res, file as string, false) : send(res, 404, 'not found\n', TYPES['.txt']);
      }
      const file = safeJoin(ohifRoot, p);
      if (await isFile(file)) return sendFile(req, res, file as string, !p.endsWith('.html'));
      // A single-page app: routes without a file extension get index.html.
      if (!path.extname(p)) return sendFile(req, res, path.join(ohifRoot, 'index.html'), false);
      return send(res, 404, 'not found\n', TYPES['.txt']);
    } catch (err) {
      if (!res.headersSent) send(res, 500, `server error: ${(err as Error).message}\n`, TYPES['.txt']);
    }
  });
}
