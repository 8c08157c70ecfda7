/**
 * The browser half of the end-to-end test: headless Chromium (Debian's, driven by playwright-core)
 * opens the study in the mrseq mode and checks what a reader would see. Every check is recorded
 * with a plain message; screenshots go to docs/screenshots/.
 */
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { CspViolation } from '../start/csp';
import { SLOT_IDS } from '../../extension/src/core/study/slots';
import type { Check } from './check';
import { enforcementCheck, listenForViolations, securityChecks } from './security';
import { describePageError, isUpstreamScrollRace } from './pageErrors';

export type { Check };

export interface BrowserRunOptions {
  url: string;
  origin: string;
  /** SeriesInstanceUID expected in each 2x2 viewport (real data); undefined: check the flow only. */
  expected?: Record<string, string | null>;
  screenshotDir: string;
  screenshotPrefix: string;
  timeoutMs?: number;
  /** CSP violations the viewer's server received so far. */
  cspReports?: () => CspViolation[];
  /** Patient name / ID forms that must not appear in the console. */
  identifiers?: string[];
  /** More checks on the same page after the main ones (e.g. a second study), before the security checks. */
  more?: (page: Page) => Promise<Check[]>;
}

/* page-side code reads OHIF's window.services */
declare const window: any;
declare const document: any;

const SLOTS = [...SLOT_IDS];

async function waitFor<T>(page: Page, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}

/** Pixels of the overlay canvas with any alpha, and their bounding box (device pixels). */
function overlayStats(page: Page) {
  return page.evaluate(() => {
    const c = document.querySelector('canvas.mrseq-gradcam-overlay');
    if (!c || !c.width) return null;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    let x0 = Infinity;
    let x1 = -1;
    let y0 = Infinity;
    let y1 = -1;
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        if (d[(y * c.width + x) * 4 + 3] > 0) {
          n++;
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    return { painted: n, width: x1 - x0 + 1, height: y1 - y0 + 1, viewport: c.dataset.viewport, slice: c.dataset.slice };
  });
}

export async function runBrowserChecks(opts: BrowserRunOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const timeout = opts.timeoutMs ?? 180000;
  const browser = await chromium.launch({
    executablePath: process.env.MRSEQ_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu-sandbox'],
  });
  const foreign: string[] = [];
  const errors: string[] = [];
  const upstream: string[] = [];
  const consoleTexts: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await listenForViolations(context);
    context.on('console', (m) => consoleTexts.push(m.text()));
    context.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(opts.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    const page = await context.newPage();
    // the message and where it was thrown (the first frames of its stack), to tell the viewer's errors from ours;
    // one known cornerstone race (pageErrors.ts) is reported beside the check but does not fail it
    page.on('pageerror', (e) => (isUpstreamScrollRace(e) ? upstream : errors).push(describePageError(e)));
    const t0 = Date.now();
    // a loaded machine (the project trains beside its tests) can take longer than playwright's default 30 s
    const policy = (await page.goto(opts.url, { timeout: 120000 }))?.headers()['content-security-policy'] ?? null;
    console.log(`e2e: page loaded in ${Date.now() - t0} ms`);

    // 1. the run finishes, with the model's backend named
    const status = await waitFor(
      page,
      () => page.evaluate(() => {
        const el = document.querySelector('[data-testid="mrseq-status"]');
        return el && ['done', 'error'].includes(el.dataset.tone) ? el.textContent : null;
      }),
      timeout,
      'the mrseq panel to finish classifying',
    );
    check('classification finishes', /^Done: /.test(status), status);
    const rows: Array<{ label: string; status: string; slot: string; uid: string; message: string }> = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="mrseq-series-row"]')].map((r: any) => ({ ...r.dataset, message: r.querySelector('td')?.title ?? '' })),
    );
    check('the panel lists every series, the CT one skipped', rows.length >= 5 && rows.some((r) => r.status === 'skipped'), JSON.stringify(rows.map((r) => (r.status === 'failed' ? [r.label, r.status, r.message] : [r.label, r.status]))));

    // 2. the study is hung by sequence
    const hung: Record<string, string | null> = await waitFor(
      page,
      () => page.evaluate((slots: string[]) => {
        const { viewportGridService, displaySetService } = window.services;
        const vps = viewportGridService.getState().viewports;
        if (!vps.has('mrseq-T1')) return null;
        const out: Record<string, string | null> = {};
        for (const s of slots) {
          const uid = vps.get(`mrseq-${s}`)?.displaySetInstanceUIDs?.[0];
          out[s] = uid ? displaySetService.getDisplaySetByUID(uid)?.SeriesInstanceUID ?? null : null;
        }
        return out;
      }, SLOTS),
      30000,
      'the 2x2 mrseq layout',
    ).catch(() => ({}) as Record<string, string | null>);
    const recognised = rows.some((r) => r.slot);
    if (recognised || opts.expected) {
      check('the study is re-hung as a 2x2 T1 / T1c / T2 / DW grid', Object.keys(hung).length === 4, JSON.stringify(hung));
    } else {
      check('with no T1 / T1c / T2 / DW recognised, the stock layout stays', Object.keys(hung).length === 0, JSON.stringify(hung));
    }
    if (opts.expected) {
      for (const s of SLOTS) {
        check(`viewport ${s} shows the ${s} series`, hung[s] === opts.expected[s], `shows ${hung[s] ?? 'nothing'}, expected ${opts.expected[s] ?? 'nothing'}`);
      }
    }

    // 3. the active viewport: per-slice chart and Grad-CAM overlay
    const firstFilled = SLOTS.find((s) => hung[s]);
    if (firstFilled) {
      await page.evaluate((id: string) => window.services.viewportGridService.setActiveViewportId(id), `mrseq-${firstFilled}`);
    }
    const chart = await waitFor(
      page,
      () => page.evaluate(() => {
        const c = document.querySelector('[data-testid="mrseq-slice-chart"]');
        const cur = document.querySelector('[data-testid="mrseq-current-slice"]');
        return c && cur && !/classifying/.test(cur.textContent) ? { points: Number(c.dataset.points), index: Number(c.dataset.imageIndex), text: cur.textContent } : null;
      }),
      30000,
      'the per-slice chart of the active series',
    ).catch((e: Error) => ({ points: 0, index: -1, text: e.message }));
    check('the panel charts per-slice probabilities of the active series', chart.points >= 2, `${chart.points} slices; ${chart.text}`);

    const before = await waitFor(page, async () => ((await overlayStats(page))?.painted ?? 0) > 0 && overlayStats(page), 30000, 'the Grad-CAM overlay').catch(() => null);
    check('the Grad-CAM overlay draws non-empty pixels on the active viewport', !!before && before.painted > 0, JSON.stringify(before));
    await page.screenshot({ path: path.join(opts.screenshotDir, `${opts.screenshotPrefix}-arranged.png`) });

    // 4. scrolling: the chart and the overlay follow the slice on screen
    const target = await page.evaluate(() => {
      const id = window.services.viewportGridService.getState().activeViewportId;
      const vp = window.services.cornerstoneViewportService.getCornerstoneViewport(id);
      const n = vp.getImageIds().length;
      const k = Math.max(0, Math.min(n - 1, vp.getCurrentImageIdIndex() + Math.max(1, Math.floor(n / 5))));
      vp.setImageIdIndex(k);
      return k;
    });
    const followed = await waitFor(
      page,
      () => page.evaluate((k: number) => {
        const c = document.querySelector('[data-testid="mrseq-slice-chart"]');
        const o = document.querySelector('canvas.mrseq-gradcam-overlay');
        return c && Number(c.dataset.imageIndex) === k && o && Number(o.dataset.slice) === k && o.dataset.state === 'drawn';
      }, target),
      30000,
      'the chart and overlay to follow scrolling',
    ).catch(() => false);
    check('chart and overlay follow scrolling to another slice', !!followed, `slice ${target + 1}`);

    // 5. zoom: the overlay scales with the image
    const base = await overlayStats(page);
    await page.evaluate(() => {
      const id = window.services.viewportGridService.getState().activeViewportId;
      const vp = window.services.cornerstoneViewportService.getCornerstoneViewport(id);
      vp.setZoom(vp.getZoom() * 0.5);
      vp.render();
    });
    await page.waitForTimeout(500);
    const zoomed = await overlayStats(page);
    const ratio = base && zoomed && base.width > 0 ? zoomed.width / base.width : 0;
    check('the overlay follows zoom (half the zoom, about half the width)', ratio > 0.4 && ratio < 0.6, `width ${base?.width} -> ${zoomed?.width} (x${ratio.toFixed(2)})`);
    await page.screenshot({ path: path.join(opts.screenshotDir, `${opts.screenshotPrefix}-zoomed.png`) });
    if (opts.more) checks.push(...(await opts.more(page)));

    check('no request left the origin', foreign.length === 0, foreign.length ? foreign.slice(0, 5).join(', ') : `all requests to ${opts.origin}`);
    const excused = upstream.length ? ` (besides ${upstream.length} x cornerstone's debounced scroll on a viewport OHIF destroyed, pageErrors.ts)` : '';
    check('no uncaught page error', errors.length === 0, (errors.slice(0, 3).join(' | ') || 'none') + excused);
    await page.waitForTimeout(1000); // violation reports are sent asynchronously
    const inPage: CspViolation[] = await page.evaluate(() => window.__mrseqCsp ?? []);
    checks.push(...securityChecks({ policy, reported: opts.cspReports?.() ?? [], inPage, console: consoleTexts, identifiers: opts.identifiers ?? [] }));
    if (opts.cspReports) checks.push(await enforcementCheck(page, opts.cspReports));
  } catch (err) {
    check('the browser run completes', false, (err as Error).message);
  } finally {
    await browser.close();
  }
  return checks;
}
