/**
 * Uncaught page errors, told apart: ours (anything thrown from the mrseq plugin, or anything not
 * known) fail the end-to-end test; one known race inside the viewer's own cornerstone3D is reported
 * but does not. cornerstone's StackViewport.scroll() (called by OHIF's setViewReference when it puts
 * a display set into a viewport) defers setImageIdIndex to a 40 ms timer that the viewport's
 * destroy() does not clear; when OHIF replaces that viewport within those 40 ms (seen after a series
 * is dropped on the grid), the timer throws "The stack viewport has been destroyed". Every frame of
 * such an error lies in OHIF's app bundle. Pure.
 */
export interface PageError {
  message: string;
  stack?: string;
}

/** URLs of the stack's frames ("at fn (url:line:col)" or "at url:line:col"). */
function frameUrls(stack: string): string[] {
  return stack
    .split('\n')
    .slice(1)
    .map((l) => /\(?((?:https?|blob):[^\s()]+?):\d+:\d+\)?\s*$/.exec(l.trim())?.[1])
    .filter((u): u is string => !!u);
}

/** True for the known cornerstone debounce race and nothing else. */
export function isUpstreamScrollRace(e: PageError): boolean {
  const stack = e.stack ?? '';
  const urls = frameUrls(stack);
  return (
    /stack viewport has been destroyed/i.test(e.message) &&
    /_throwIfDestroyed/.test(stack) &&
    /setImageIdIndex/.test(stack) &&
    urls.length > 0 &&
    urls.every((u) => /\/app\.bundle\.[0-9a-f]+\.js$/.test(u))
  );
}

/** The message and where it was thrown (the first frames of its stack). */
export function describePageError(e: PageError): string {
  return [e.message, ...(e.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim())].join(' @ ');
}
