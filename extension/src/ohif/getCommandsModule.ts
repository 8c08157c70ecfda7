/** The extension's commands (names in commandNames.ts). */
import { COMMANDS } from '../commandNames';
import type { SlotId } from '../hangingProtocols/planLayout';
import type { MrseqRuntime } from './runtime';

export default function getCommandsModule(runtime: MrseqRuntime) {
  const service = () => {
    if (!runtime.service) throw new Error('mrseq: the extension was not registered');
    return runtime.service;
  };
  const definitions = {
    [COMMANDS.classifyStudy]: { commandFn: ({ force = true }: { force?: boolean } = {}) => runtime.classifyStudy(force) },
    [COMMANDS.arrangeBySequence]: { commandFn: () => runtime.arrange() },
    [COMMANDS.hangInSlot]: {
      commandFn: ({ slot, displaySetInstanceUID }: { slot: SlotId; displaySetInstanceUID: string }) => runtime.hangInSlot(slot, displaySetInstanceUID),
    },
    [COMMANDS.toggleOverlay]: { commandFn: () => service().setOverlay({ enabled: !service().getState().overlay.enabled }) },
    [COMMANDS.setOverlayOpacity]: { commandFn: ({ opacity }: { opacity: number }) => service().setOverlay({ opacity }) },
    [COMMANDS.startForMode]: { commandFn: () => runtime.start() },
    [COMMANDS.stopForMode]: { commandFn: () => runtime.stop() },
  };
  return { definitions, defaultContext: 'DEFAULT' };
}
