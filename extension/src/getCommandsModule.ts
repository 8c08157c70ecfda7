/** The extension's commands (names in commandNames.ts), run against the viewer's runtime. */
import { COMMANDS } from './commandNames';
import type { ModeSettings } from './config';
import type { SlotId } from './hangingProtocols/planLayout';
import type { MrseqRuntime } from './runtime';

export default function getCommandsModule(runtime: MrseqRuntime) {
  const definitions = {
    [COMMANDS.classifyStudy]: { commandFn: ({ force = true }: { force?: boolean } = {}) => runtime.classifyStudy(force) },
    [COMMANDS.arrangeBySequence]: { commandFn: () => runtime.arrange() },
    [COMMANDS.toggleOverlay]: { commandFn: () => runtime.overlaySettings.toggle() },
    [COMMANDS.setOverlayOpacity]: { commandFn: ({ opacity }: { opacity: number }) => runtime.overlaySettings.set({ opacity }) },
    [COMMANDS.hangInSlot]: {
      commandFn: ({ slot, displaySetInstanceUID }: { slot: SlotId; displaySetInstanceUID: string }) => runtime.hangInSlot(slot, displaySetInstanceUID),
    },
    [COMMANDS.showSeries]: { commandFn: ({ displaySetInstanceUID }: { displaySetInstanceUID: string }) => runtime.showSeries(displaySetInstanceUID) },
    [COMMANDS.startForMode]: { commandFn: ({ mode }: { mode?: ModeSettings } = {}) => runtime.enterMode(mode) },
  };
  return { definitions, defaultContext: 'DEFAULT' };
}
