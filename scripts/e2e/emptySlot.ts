/**
 * The end-to-end test's second study: the same series without a T1c, described "MR Brain w/o
 * contrast". The T1c viewport must stay empty and say why, in the viewport and in the panel; when
 * the panel offers a candidate, one click must hang it there. Then, opened afresh, a series dragged
 * from the thumbnail list onto that empty viewport (OHIF's own drag and drop, which the layout is not
 * told about) must stay there: the layout takes the viewport as the reader's, and its note goes.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { SLOT_IDS } from '../../extension/src/core/study/slots';
import type { Check } from './check';

/* eslint-disable @typescript-eslint/no-explicit-any -- page-side code reads OHIF's window.services */
declare const window: any;
declare const document: any;

export const EMPTY_STUDY_DESCRIPTION = 'MR Brain w/o contrast';
export const EMPTY_SLOT = 'T1c';

async function poll<T>(page: Page, fn: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const v = await fn();
    if (v) return v;
    await page.waitForTimeout(250);
  }
  return null;
}

const shownIn = (page: Page, viewportId: string) =>
  page.evaluate((id: string) => window.services.viewportGridService.getState().viewports.get(id)?.displaySetInstanceUIDs?.[0] ?? null, viewportId);

export async function emptySlotChecks(page: Page, opts: { url: string; timeoutMs: number; screenshot: string }): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  await page.goto(opts.url, { timeout: 120000 });
  const status = await poll(
    page,
    () => page.evaluate(() => {
      const el = document.querySelector('[data-testid="mrseq-status"]');
      return el && ['done', 'error'].includes(el.dataset.tone) ? el.textContent : null;
    }),
    opts.timeoutMs,
  );
  check('second study (no T1c, "w/o contrast"): classification finishes', /^Done: /.test(status ?? ''), status ?? 'timed out');
  const note = await poll(
    page,
    () => page.evaluate((slot: string) => document.querySelector(`.mrseq-empty-slot[data-slot="${slot}"]`)?.textContent ?? null, EMPTY_SLOT),
    30000,
  );
  const viewportId = `mrseq-${EMPTY_SLOT}`;
  const shown = note ? await shownIn(page, viewportId) : 'no 2x2 layout';
  check(
    `the empty ${EMPTY_SLOT} viewport says why it is empty`,
    !!note && !shown && new RegExp(`^${EMPTY_SLOT}: (No ${EMPTY_SLOT} in this study|Not sure: .+ looks ${EMPTY_SLOT} \\(\\d+%\\))`).test(note),
    `${note ?? 'no note'}; viewport shows ${shown ?? 'nothing'}`,
  );
  const row = await page.evaluate((slot: string) => {
    const r = document.querySelector(`[data-testid="mrseq-empty-slot-row"][data-slot="${slot}"]`);
    const b = r?.querySelector('[data-testid="mrseq-hang-candidate"]');
    return r ? { text: r.textContent, candidate: b?.dataset.uid ?? null } : null;
  }, EMPTY_SLOT);
  check('the panel lists the empty viewport with the same reason', !!row && !!note && row.text.includes(note.replace(`${EMPTY_SLOT}: `, '')), JSON.stringify(row));
  await page.screenshot({ path: opts.screenshot });
  if (row?.candidate) {
    await page.click(`[data-testid="mrseq-empty-slot-row"][data-slot="${EMPTY_SLOT}"] [data-testid="mrseq-hang-candidate"]`);
    const hung = await poll(page, async () => (await shownIn(page, viewportId)) === row.candidate, 15000);
    const gone = await page.evaluate((slot: string) => !document.querySelector(`.mrseq-empty-slot[data-slot="${slot}"]`), EMPTY_SLOT);
    check('one click hangs the suggested series in the empty viewport, and its note goes', !!hung && gone, `${row.candidate}: ${hung ? 'shown' : 'not shown'}, note ${gone ? 'gone' : 'still there'}`);
  } else {
    check('no series was offered for the empty viewport, so there is nothing to click', true, `screenshot ${path.basename(opts.screenshot)}`);
  }
  checks.push(...(await dragCheck(page, opts)));
  return checks;
}

/** The study opened afresh; a series dragged from the thumbnail list onto the empty viewport stays there. */
async function dragCheck(page: Page, opts: { url: string; timeoutMs: number }): Promise<Check[]> {
  const name = `a series dragged onto the empty ${EMPTY_SLOT} viewport stays there, and the layout knows (its panel row and note go)`;
  await page.goto(opts.url, { timeout: 120000 });
  const note = await poll(
    page,
    () => page.evaluate((slot: string) => (document.querySelector(`.mrseq-empty-slot[data-slot="${slot}"]`) ? true : null), EMPTY_SLOT),
    opts.timeoutMs,
  );
  if (!note) return [{ name, ok: false, detail: 'the empty viewport and its note did not come back when the study was opened again' }];
  // any series shown in the 2x2 will do (on the synthetic study the model may leave all but one
  // viewport empty)
  const uid = await poll(
    page,
    async () => {
      for (const slot of SLOT_IDS.filter((s) => s !== EMPTY_SLOT)) {
        const shown = await shownIn(page, `mrseq-${slot}`);
        if (shown) return shown;
      }
      return null;
    },
    15000,
  );
  if (!uid) return [{ name, ok: false, detail: 'no series shown in the 2x2 to drag' }];
  // OHIF's thumbnail (react-dnd's HTML5 backend) onto the viewport pane that holds the note
  const source = page.locator(`[id="thumbnail-${uid}"]`).first();
  const target = page.locator('[data-cy="viewport-pane"]').filter({ has: page.locator(`.mrseq-empty-slot[data-slot="${EMPTY_SLOT}"]`) });
  try {
    await source.scrollIntoViewIfNeeded({ timeout: 10000 });
    await source.dragTo(target, { timeout: 15000, force: true });
  } catch (err) {
    return [{ name, ok: false, detail: `drag and drop failed: ${(err as Error).message.split('\n').slice(0, 8).join(' | ')}` }];
  }
  const shown = await poll(page, async () => (await shownIn(page, `mrseq-${EMPTY_SLOT}`)) === uid, 15000);
  // the layout takes it as the reader's: the panel no longer lists the viewport as empty (the
  // viewport's own note goes with OHIF's redraw either way; the panel row goes only when the layout
  // knows of the drop)
  const gone = await poll(
    page,
    () => page.evaluate((slot: string) => !document.querySelector(`[data-testid="mrseq-empty-slot-row"][data-slot="${slot}"]`) && !document.querySelector(`.mrseq-empty-slot[data-slot="${slot}"]`), EMPTY_SLOT),
    10000,
  );
  // and nothing moves it away afterwards
  await page.waitForTimeout(2000);
  const still = (await shownIn(page, `mrseq-${EMPTY_SLOT}`)) === uid;
  return [{ name, ok: !!shown && !!gone && still, detail: `${uid}: ${shown ? 'shown' : 'not shown'}, panel row and note ${gone ? 'gone' : 'still there'}, ${still ? 'still there 2 s later' : 'moved away'}` }];
}
