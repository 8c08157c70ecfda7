/**
 * The Content-Security-Policy the viewer is served with: scripts from the viewer's own origin only,
 * no `unsafe-eval` (WebAssembly needs just `wasm-unsafe-eval`), the two small inline scripts of OHIF's
 * index.html allowed by their sha256 and nothing else inline, no plugins, no framing by other sites.
 * Styles may be inline (React style attributes). Violations are reported to REPORT_PATH on the same
 * origin, so a test can assert there were none, in the page and in its workers alike.
 */
import { createHash } from 'node:crypto';

export const CSP_REPORT_PATH = '/__mrseq/csp-report';

/** sha256 sources of the inline <script> elements of an HTML page (scripts with a src are not inline). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || m[2].length === 0) continue;
    out.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return out;
}

export function contentSecurityPolicy(indexHtml: string): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'", ...inlineScriptHashes(indexHtml)]],
    ['worker-src', ["'self'", 'blob:']],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'data:', 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'self'"]],
    ['report-uri', [CSP_REPORT_PATH]],
  ];
  return directives.map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');
}

/** One violation as the browser reports it (application/csp-report), reduced to what a person needs. */
export interface CspViolation {
  directive: string;
  blocked: string;
  source?: string;
  line?: number;
  sample?: string;
}

export function parseCspReport(body: string): CspViolation | null {
  try {
    const r = (JSON.parse(body) as { 'csp-report'?: Record<string, unknown> })['csp-report'];
    if (!r) return null;
    return {
      directive: String(r['effective-directive'] ?? r['violated-directive'] ?? ''),
      blocked: String(r['blocked-uri'] ?? ''),
      source: r['source-file'] === undefined ? undefined : String(r['source-file']),
      line: typeof r['line-number'] === 'number' ? r['line-number'] : undefined,
      sample: r['script-sample'] === undefined ? undefined : String(r['script-sample']),
    };
  } catch {
    return null;
  }
}
