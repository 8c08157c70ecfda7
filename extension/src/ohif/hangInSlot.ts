/**
 * Show a display set in one viewport of the mrseq 2x2 layout (the panel's "Hang #7 here" for an
 * empty viewport). When the study is not hung by sequence yet, the layout is applied first. The
 * default extension's setDisplaySetsForViewports command does the showing, as on a drag and drop.
 */
import { viewportId } from '../hangingProtocols/brainMR2x2';
import type { SlotId } from '../hangingProtocols/planLayout';
import { PROTOCOL_ID } from '../id';
import type { OhifServices } from './cornerstone';

export async function hangInSlot(
  services: OhifServices,
  commandsManager: { run(command: unknown, options?: Record<string, unknown>): unknown },
  slot: SlotId,
  displaySetInstanceUID: string,
  waitMs = 2000,
): Promise<boolean> {
  const { viewportGridService, hangingProtocolService } = services;
  const id = viewportId(slot);
  const present = () => !!viewportGridService?.getState?.()?.viewports?.has?.(id);
  if (!present()) {
    commandsManager.run('setHangingProtocol', { protocolId: PROTOCOL_ID, activeStudyUID: hangingProtocolService?.getState?.().activeStudyUID, reset: true });
    for (let t = 0; t < waitMs && !present(); t += 100) await new Promise((r) => setTimeout(r, 100));
    if (!present()) return false;
  }
  commandsManager.run('setDisplaySetsForViewports', { viewportsToUpdate: [{ viewportId: id, displaySetInstanceUIDs: [displaySetInstanceUID] }] });
  return true;
}
