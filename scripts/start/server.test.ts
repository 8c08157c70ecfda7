import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeMrSeries } from '../../extension/src/testing/dicomFixtures';
import { appConfigJs, appConfigObject } from './appConfig';
import { indexFolder } from './dicomFolder';
import { createServer, safeJoin, type DicomWebBackend } from './server';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the npm start server', () => {
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'mrseq-server-'));
    await fs.mkdir(path.join(root, 'ohif'));
    await fs.mkdir(path.join(root, 'plugin', 'ort'), { recursive: true });
    await fs.mkdir(path.join(root, 'dicom'));
    await fs.writeFile(path.join(root, 'ohif', 'index.html'), '<html>viewer</html>');
    await fs.writeFile(path.join(root, 'ohif', 'app.js'), 'console.log(1)');
    await fs.writeFile(path.join(root, 'plugin', 'ort', 'x.wasm'), new Uint8Array([0, 97, 115, 109]));
    await fs.writeFile(path.join(root, 'secret.txt'), 'outside');
    await Promise.all(makeMrSeries({ slices: 2 }).map((f, i) => fs.writeFile(path.join(root, 'dicom', `${i}.dcm`), f)));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function start(dicomweb: DicomWebBackend) {
    const server = createServer({
      ohifDir: path.join(root, 'ohif'),
      pluginDir: path.join(root, 'plugin'),
      appConfigJs: appConfigJs({ dicomweb: dicomweb.kind }),
      dicomweb,
    });
    return { server, url: await listen(server) };
  }

  it('serves the viewer, the plugin and the config from one origin with cross-origin isolation', async () => {
    const { server, url } = await start({ kind: 'none' });
    try {
      const wasm = await fetch(`${url}/plugins/mrseq/ort/x.wasm`);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(wasm.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(wasm.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(await (await fetch(`${url}/mrseq?StudyInstanceUIDs=1.2`)).text()).toBe('<html>viewer</html>');
      expect((await fetch(`${url}/missing.js`)).status).toBe(404);
      expect((await fetch(`${url}/plugins/mrseq/..%2f..%2fsecret.txt`)).status).toBe(404);
      const config = await (await fetch(`${url}/app-config.js`)).text();
      expect(config).toContain('origin + "/plugins/mrseq/mrseq-extension.mjs"');
      // the worker and its model start at navigation, before OHIF imports the extension
      expect(config).toMatch(/window\.config = [\s\S]*\nimport\(origin \+ "\/plugins\/mrseq\/mrseq-early\.mjs"\)\.catch\(/);
      expect((await fetch(`${url}/dicomweb/studies`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('gives static files a validator and answers a revalidation with 304 (reloads keep their compiled wasm)', async () => {
    const { server, url } = await start({ kind: 'none' });
    try {
      const first = await fetch(`${url}/plugins/mrseq/ort/x.wasm`);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      const again = await fetch(`${url}/plugins/mrseq/ort/x.wasm`, { headers: { 'If-None-Match': etag as string } });
      expect(again.status).toBe(304);
      expect(again.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      const stale = await fetch(`${url}/plugins/mrseq/ort/x.wasm`, { headers: { 'If-None-Match': '"0-0"' } });
      expect(stale.status).toBe(200);
      expect(new Uint8Array(await stale.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
      const app = await fetch(`${url}/app.js`);
      expect(app.headers.get('cache-control')).toBe('max-age=3600');
      expect((await fetch(`${url}/app.js`, { headers: { 'If-None-Match': app.headers.get('etag') as string } })).status).toBe(304);
    } finally {
      server.close();
    }
  });

  it('serves a DICOM folder over QIDO / WADO-URI, and proxies a DICOMweb server', async () => {
    const folder = await start({ kind: 'folder', index: await indexFolder(path.join(root, 'dicom')) });
    const upstream = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/dicom+json', 'Access-Control-Allow-Origin': '*' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const upstreamUrl = await listen(upstream);
    const proxied = await start({ kind: 'proxy', target: `${upstreamUrl}/dicom-web` });
    try {
      const studies = (await (await fetch(`${folder.url}/dicomweb/studies`)).json()) as Array<Record<string, { Value: string[] }>>;
      const study = studies[0]['0020000D'].Value[0];
      const series = (await (await fetch(`${folder.url}/dicomweb/studies/${study}/series`)).json()) as Array<Record<string, { Value: string[] }>>;
      const meta = (await (await fetch(`${folder.url}/dicomweb/studies/${study}/series/${series[0]['0020000E'].Value[0]}/metadata`)).json()) as Array<
        Record<string, { Value: string[] }>
      >;
      expect(meta).toHaveLength(2);
      const file = await fetch(`${folder.url}/dicomweb/wado?requestType=WADO&objectUID=${meta[0]['00080018'].Value[0]}`);
      expect(file.headers.get('content-type')).toBe('application/dicom');
      expect(Buffer.from(await file.arrayBuffer()).subarray(128, 132).toString()).toBe('DICM');

      const res = await fetch(`${proxied.url}/dicomweb/studies?PatientID=7`);
      expect(await res.json()).toEqual({ path: '/dicom-web/studies?PatientID=7' });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    } finally {
      folder.server.close();
      proxied.server.close();
      upstream.close();
    }
  });

  it('refuses paths that leave the served folder', () => {
    expect(safeJoin('/srv/a', '/x/../../etc/passwd')).toBe('/srv/a/etc/passwd');
    expect(safeJoin('/srv/a', '/%00')).toBeNull();
    expect(safeJoin('/srv/a', '/%E0%A4%A')).toBeNull();
  });

  it('makes the local-files source the default without a DICOMweb source', () => {
    expect(appConfigObject({ dicomweb: 'none' }, 'http://h')).toMatchObject({ defaultDataSourceName: 'dicomlocal', modes: ['http://h/plugins/mrseq/mrseq-mode.mjs'] });
    const folder = appConfigObject({ dicomweb: 'folder' }, 'http://h') as { dataSources: Array<{ configuration: Record<string, unknown> }> };
    expect(folder.dataSources[1].configuration).toMatchObject({ qidoRoot: 'http://h/dicomweb', imageRendering: 'wadouri', wadoUriRoot: 'http://h/dicomweb/wado' });
  });
});
