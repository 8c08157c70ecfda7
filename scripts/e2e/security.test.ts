import { identifierForms, securityChecks, type SecurityEvidence } from './security';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-x'; object-src 'none'";
const clean: SecurityEvidence = { policy: POLICY, reported: [], inPage: [], console: ['mrseq: ready', 'Loaded 5 series'], identifiers: ['DOE^JANE', 'DOE JANE', 'ID-4711'] };
const verdicts = (e: SecurityEvidence) => securityChecks(e).map((c) => c.ok);

describe('e2e security checks', () => {
  it('pass on a clean run', () => {
    expect(verdicts(clean)).toEqual([true, true, true]);
  });

  it("fail when script-src allows 'unsafe-eval' or inline scripts, or there is no policy", () => {
    expect(verdicts({ ...clean, policy: POLICY.replace("'wasm-unsafe-eval'", "'unsafe-eval' 'wasm-unsafe-eval'") })[0]).toBe(false);
    expect(verdicts({ ...clean, policy: POLICY.replace("'sha256-x'", "'unsafe-inline'") })[0]).toBe(false);
    expect(verdicts({ ...clean, policy: "default-src 'self'; script-src 'self'" })[0]).toBe(false);
    expect(verdicts({ ...clean, policy: null })[0]).toBe(false);
  });

  it('fail on any violation: reported to the server, seen in the page, or printed on the console', () => {
    const v = { directive: 'script-src', blocked: 'eval', source: 'http://h/app.js', line: 7 };
    const reported = securityChecks({ ...clean, reported: [v] })[1];
    expect(reported).toMatchObject({ ok: false, detail: 'script-src blocked eval in http://h/app.js:7' });
    expect(verdicts({ ...clean, inPage: [v] })[1]).toBe(false);
    const line = "Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive";
    expect(verdicts({ ...clean, console: [line] })[1]).toBe(false);
  });

  it('fail when a console message carries the patient name or ID, or there is nothing to look for', () => {
    expect(securityChecks({ ...clean, console: ['opened study of DOE JANE'] })[2]).toMatchObject({ ok: false, detail: expect.stringMatching(/^1 message/) });
    expect(verdicts({ ...clean, console: ['patient ID-4711'] })[2]).toBe(false);
    expect(verdicts({ ...clean, identifiers: [] })[2]).toBe(false);
  });

  it('looks for a name in the forms it may be printed in, skipping values too short to mean anything', () => {
    expect(identifierForms('DOE^JANE', 'ID-4711')).toEqual(['DOE^JANE', 'DOE JANE', 'DOE, JANE', 'ID-4711']);
    expect(identifierForms('ANON', '1')).toEqual(['ANON']);
    expect(identifierForms(undefined, undefined)).toEqual([]);
  });
});
