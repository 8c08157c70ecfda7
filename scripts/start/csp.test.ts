import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CSP_REPORT_PATH, contentSecurityPolicy, inlineScriptHashes, parseCspReport, type CspViolation } from './csp';
import { createServer } from './server';

const INDEX = '<html><head><script>window.PUBLIC_URL="/"</script><script defer src="/app.js"></script></head></html>';
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(name + ' '))?.split(' ').slice(1) ?? [];

describe('Content-Security-Policy', () => {
  it("allows the viewer's own scripts, its inline scripts by hash, WebAssembly, and no eval", () => {
    expect(inlineScriptHashes(INDEX)).toEqual([sha('window.PUBLIC_URL="/"')]);
    const policy = contentSecurityPolicy(INDEX);
    const scripts = directive(policy, 'script-src');
    expect(scripts).toEqual(["'self'", "'wasm-unsafe-eval'", sha('window.PUBLIC_URL="/"')]);
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'connect-src')[0]).toBe("'self'");
    expect(policy).not.toMatch(/https?:/);
    expect(directive(policy, 'report-uri')).toEqual([CSP_REPORT_PATH]);
  });

  it('reads a browser violation report, and ignores what is not one', () => {
    const body = JSON.stringify({
      'csp-report': { 'effective-directive': 'script-src', 'blocked-uri': 'eval', 'source-file': 'http://h/a.js', 'line-number': 3, 'script-sample': 'x' },
    });
    expect(parseCspReport(body)).toEqual({ directive: 'script-src', blocked: 'eval', source: 'http://h/a.js', line: 3, sample: 'x' });
    expect(parseCspReport('{}')).toBeNull();
    expect(parseCspReport('not json')).toBeNull();
  });

  it('is sent with every response of the start server, which takes violation reports', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mrseq-csp-'));
    await fs.mkdir(path.join(root, 'ohif'));
    await fs.mkdir(path.join(root, 'plugin'));
    await fs.writeFile(path.join(root, 'ohif', 'index.html'), INDEX);
    await fs.writeFile(path.join(root, 'plugin', 'w.mjs'), 'self.onmessage = () => {}');
    const seen: CspViolation[] = [];
    const server = createServer({ ohifDir: path.join(root, 'ohif'), pluginDir: path.join(root, 'plugin'), appConfigJs: '', dicomweb: { kind: 'none' }, onCspViolation: (v) => seen.push(v) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const p of ['/', '/mrseq?StudyInstanceUIDs=1', '/plugins/mrseq/w.mjs', '/missing.js']) {
        expect((await fetch(url + p)).headers.get('content-security-policy')).toBe(contentSecurityPolicy(INDEX));
      }
      const report = { 'csp-report': { 'effective-directive': 'script-src', 'blocked-uri': 'eval' } };
      const res = await fetch(url + CSP_REPORT_PATH, { method: 'POST', headers: { 'Content-Type': 'application/csp-report' }, body: JSON.stringify(report) });
      expect(res.status).toBe(204);
      expect(seen).toEqual([{ directive: 'script-src', blocked: 'eval', source: undefined, line: undefined, sample: undefined }]);
    } finally {
      await new Promise((r) => server.close(r));
      rmSync(root, { recursive: true, force: true });
    }
  });
});
