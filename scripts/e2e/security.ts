/**
 * Security checks of the end-to-end run: the viewer page is served with a Content-Security-Policy
 * that has no `unsafe-eval` (only `wasm-unsafe-eval`), nothing violated it (the browser's reports to
 * the server cover the page and its workers; the page's `securitypolicyviolation` events and console
 * errors are checked too), and no console message carries the patient's name or ID.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { CspViolation } from '../start/csp';
import type { Check } from './check';

/* page-side code */
declare const window: any;
declare const document: any;

/** Record `securitypolicyviolation` events of every document in the context (read back with pageViolations). */
export async function listenForViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__mrseqCsp = [];
    document.addEventListener('securitypolicyviolation', (e: any) => {
      window.__mrseqCsp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample });
    });
  });
}

export interface SecurityEvidence {
  /** Content-Security-Policy header of the viewer page (null when absent). */
  policy: string | null;
  /** Reports the server received (page and workers). */
  reported: CspViolation[];
  /** securitypolicyviolation events seen in the page. */
  inPage: CspViolation[];
  /** Every console message of the page and its workers. */
  console: string[];
  /** PatientName / PatientID values of the study (forms as stored and as displayed). */
  identifiers: string[];
}

const where = (v: CspViolation) => `${v.directive} blocked ${v.blocked || '(inline)'}${v.source ? ` in ${v.source}${v.line ? `:${v.line}` : ''}` : ''}${v.sample ? ` "${v.sample.slice(0, 60)}"` : ''}`;

/** Forms a name may be printed in: "DOE^JOHN", "DOE JOHN", "DOE, JOHN"; values under 4 characters are too common to test. */
export function identifierForms(patientName: string | undefined, patientId: string | undefined): string[] {
  const out = new Set<string>();
  if (patientName) {
    out.add(patientName);
    const parts = patientName.split('^').filter(Boolean);
    if (parts.length > 1) {
      out.add(parts.join(' '));
      out.add(parts.join(', '));
    }
  }
  if (patientId) out.add(patientId);
  return [...out].filter((s) => s.trim().length >= 4);
}

export function securityChecks(e: SecurityEvidence): Check[] {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const scriptSrc = e.policy?.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';
  const tokens = scriptSrc.split(/\s+/);
  check(
    "the viewer is served under a CSP whose script-src has no 'unsafe-eval' (only 'wasm-unsafe-eval')",
    !!e.policy && !tokens.includes("'unsafe-eval'") && tokens.includes("'wasm-unsafe-eval'") && !tokens.includes("'unsafe-inline'"),
    scriptSrc || 'no Content-Security-Policy header',
  );
  const cspConsole = e.console.filter((t) => /Content Security Policy/i.test(t));
  const all = [...e.reported.map(where), ...e.inPage.map(where), ...cspConsole.map((t) => t.slice(0, 200))];
  check('no Content-Security-Policy violation (page, workers, console)', all.length === 0, all.length ? [...new Set(all)].slice(0, 5).join(' | ') : 'none');
  const leaks = e.console.filter((t) => e.identifiers.some((id) => t.includes(id)));
  check(
    "no console message names the patient (PatientName, PatientID)",
    e.identifiers.length > 0 && leaks.length === 0,
    e.identifiers.length === 0
      ? 'the study has no PatientName / PatientID to look for'
      : leaks.length
        ? `${leaks.length} message(s), e.g. ${leaks[0].slice(0, 120)}`
        : `${e.console.length} console messages checked for ${e.identifiers.length} identifier form(s)`,
  );
  return checks;
}

/**
 * Proof that the checks above can fail: after them, an inline script injected into the page and eval
 * in a worker the page starts must both be refused and reported to the server (call last: it causes
 * violations on purpose). (Code that Playwright evaluates is exempt from the page's policy, so eval is
 * tried where the page's own code would run it.)
 */
export async function enforcementCheck(page: Page, reports: () => CspViolation[]): Promise<Check> {
  const before = reports().length;
  const outcome = (await page.evaluate(`new Promise((resolve) => {
    const s = document.createElement('script');
    s.textContent = 'window.__mrseqInline = "ran"';
    document.head.appendChild(s);
    const inline = window.__mrseqInline === 'ran' ? 'inline script ran' : 'inline script refused';
    const url = URL.createObjectURL(new Blob(['try { eval("1 + 1"); postMessage("eval ran") } catch (e) { postMessage("eval refused (" + e.name + ")") }'], { type: 'text/javascript' }));
    const w = new Worker(url);
    w.onmessage = (e) => resolve(inline + '; worker: ' + e.data);
    w.onerror = (e) => resolve(inline + '; worker did not start: ' + (e.message || 'error'));
    setTimeout(() => resolve(inline + '; worker did not answer'), 5000);
  })`)) as string;
  let reported: CspViolation[] = [];
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    reported = reports().slice(before).filter((v) => v.directive.startsWith('script-src'));
    if (reported.some((v) => v.blocked === 'eval') && reported.some((v) => v.blocked === 'inline')) break;
  }
  const ok = /inline script refused; worker: eval refused/.test(outcome) && reported.some((v) => v.blocked === 'eval') && reported.some((v) => v.blocked === 'inline');
  return {
    name: 'the CSP is enforced: an injected inline script and eval in a worker are refused and reported (so the checks above can fail)',
    ok,
    detail: `${outcome}; reported: ${reported.map(where).join(' | ') || 'nothing'}`,
  };
}
