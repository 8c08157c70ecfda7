/**
 * The mrseq OHIF extension: a manifest; every module lives in its own file. The runtime is built at
 * pre-registration from the configuration OHIF hands over (see config.ts for the precedence) and
 * kept per viewer (services manager). Named exports are the extension's public ids, for the mode.
 */
import getCommandsModule from './getCommandsModule';
import getHangingProtocolModule from './hangingProtocols/getHangingProtocolModule';
import { id } from './id';
import getPanelModule from './panels/getPanelModule';
import { createRuntime, hasRuntime, runtimeFor, type Managers } from './runtime';

type WithServices = { servicesManager: object };

const extension = {
  id,
  async preRegistration(managers: Managers) {
    // Loaded here rather than at the top: the only file that names the worker (webpack makes it a chunk).
    const { createClassifierWorker } = await import('./worker/createWorker');
    createRuntime(managers, createClassifierWorker);
  },
  onModeExit: ({ servicesManager }: WithServices) => {
    if (hasRuntime(servicesManager)) runtimeFor(servicesManager).exitMode();
  },
  getPanelModule: ({ servicesManager }: WithServices) => getPanelModule(runtimeFor(servicesManager).panelDeps),
  getCommandsModule: ({ servicesManager }: WithServices) => getCommandsModule(runtimeFor(servicesManager)),
  getHangingProtocolModule,
};

export default extension;
export { id, version, moduleIds, PANEL_NAME, PROTOCOL_ID, SEQUENCE_ATTRIBUTE, SERVICE_NAME, VIEWPORT_ATTRIBUTE } from './id';
export { COMMANDS, type CommandName } from './commandNames';
export type { ModeSettings, MrseqConfiguration } from './config';
