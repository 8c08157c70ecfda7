/**
 * Show a display set in the active viewport, the way OHIF's study browser does on a thumbnail
 * double-click: the hanging protocol says which viewports must change (its rules may move others
 * too), then the default extension's setDisplaySetsForViewports command applies it.
 */
import type { OhifServices } from './cornerstone';

export function showSeriesInActiveViewport(
  services: OhifServices,
  commandsManager: { run(command: unknown, options?: Record<string, unknown>): unknown },
  displaySetInstanceUID: string,
): boolean {
  const { viewportGridService, hangingProtocolService, uiNotificationService } = services;
  const state = viewportGridService?.getState?.();
  const viewportId: string | undefined = state?.activeViewportId ?? state?.viewports?.keys?.().next?.().value;
  if (!viewportId) return false;
  let viewportsToUpdate: unknown[] | undefined;
  try {
    viewportsToUpdate = hangingProtocolService?.getViewportsRequireUpdate?.(viewportId, displaySetInstanceUID, state.isHangingProtocolLayout);
  } catch (err) {
    uiNotificationService?.show?.({ title: 'Show series', message: `This series could not be shown here: ${(err as Error).message}`, type: 'error', duration: 4000 });
    return false;
  }
  if (!viewportsToUpdate?.length) viewportsToUpdate = [{ viewportId, displaySetInstanceUIDs: [displaySetInstanceUID] }];
  commandsManager.run('setDisplaySetsForViewports', { viewportsToUpdate });
  return true;
}
