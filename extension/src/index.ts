/** The mrseq OHIF extension: a manifest only; every module lives in its own file. */
import getCommandsModule from './ohif/getCommandsModule';
import getHangingProtocolModule from './hangingProtocols/getHangingProtocolModule';
import { id } from './id';
import { MrseqRuntime, type Managers } from './ohif/runtime';
import getPanelModule from './panels/getPanelModule';
import { createClassifierWorker } from './worker/createWorker';

const runtime = new MrseqRuntime();

const extension = {
  id,
  preRegistration: (managers: Managers) => runtime.register(managers, createClassifierWorker),
  onModeExit: () => runtime.stop(),
  getPanelModule: () => getPanelModule(() => runtime.panelDeps()),
  getCommandsModule: () => getCommandsModule(runtime),
  getHangingProtocolModule,
};

export default extension;
