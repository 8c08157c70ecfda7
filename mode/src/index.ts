/**
 * The mrseq mode: a brain MR reading layout. Study browser on the left, the mrseq panel on the right,
 * cornerstone viewports; the study opens in the stock layout and is re-hung as T1 / T1c / T2 / DW
 * by the extension once its predictions arrive (see extension/src/ohif/runtime.ts).
 */
import { COMMANDS } from '@mrseq/extension/src/commandNames';
import { EXTENSION_SPECIFIER } from './extensionRef';
import { id, moduleIds } from './id';
import { primarySection, toolbarButtons } from './toolbarButtons';

const ohif = {
  layout: '@ohif/extension-default.layoutTemplateModule.viewerLayout',
  sopClassHandler: '@ohif/extension-default.sopClassHandlerModule.stack',
  thumbnailList: '@ohif/extension-default.panelModule.seriesList',
};
const cornerstoneViewport = '@ohif/extension-cornerstone.viewportModule.cornerstone';

export const extensionDependencies: Record<string, string> = {
  '@ohif/extension-default': '^3.0.0',
  '@ohif/extension-cornerstone': '^3.0.0',
  [EXTENSION_SPECIFIER]: '^0.1.0',
};

/* eslint-disable @typescript-eslint/no-explicit-any -- OHIF's services are untyped at this boundary */
type Services = Record<string, any>;
interface ModeContext {
  servicesManager: { services: Services };
  extensionManager: { getModuleEntry(id: string): any };
  commandsManager: { run(name: string, options?: Record<string, unknown>): unknown };
}

function initToolGroup({ servicesManager, extensionManager }: ModeContext): void {
  const { toolNames, Enums } = extensionManager.getModuleEntry('@ohif/extension-cornerstone.utilityModule.tools').exports;
  const { MouseBindings } = Enums;
  servicesManager.services.toolGroupService.createToolGroupAndAddTools('default', {
    active: [
      { toolName: toolNames.WindowLevel, bindings: [{ mouseButton: MouseBindings.Primary }] },
      { toolName: toolNames.Pan, bindings: [{ mouseButton: MouseBindings.Auxiliary }] },
      { toolName: toolNames.Zoom, bindings: [{ mouseButton: MouseBindings.Secondary }, { numTouchPoints: 2 }] },
      { toolName: toolNames.StackScroll, bindings: [{ mouseButton: MouseBindings.Wheel }, { numTouchPoints: 3 }] },
    ],
    passive: [],
    enabled: [],
  });
}

/** Valid for studies that hold at least one MR series. */
export function isValidMode({ modalities }: { modalities: string }): { valid: boolean; description: string } {
  const list = (modalities ?? '').split('\\');
  return list.includes('MR')
    ? { valid: true, description: 'Brain MR: series hung by predicted sequence' }
    : { valid: false, description: 'The mrseq mode needs a study with MR series' };
}

export function modeFactory() {
  return {
    id,
    routeName: 'mrseq',
    displayName: 'MR sequences (mrseq)',
    onModeEnter(ctx: ModeContext) {
      initToolGroup(ctx);
      const { toolbarService } = ctx.servicesManager.services;
      toolbarService.register(toolbarButtons);
      toolbarService.updateSection(toolbarService.sections?.primary ?? 'primary', primarySection);
      ctx.commandsManager.run(COMMANDS.startForMode);
    },
    onModeExit({ servicesManager, commandsManager }: ModeContext) {
      commandsManager.run(COMMANDS.stopForMode);
      const { toolGroupService, uiDialogService, uiModalService } = servicesManager.services;
      uiDialogService?.hideAll?.();
      uiModalService?.hide?.();
      toolGroupService.destroy();
    },
    validationTags: { study: [], series: [] },
    isValidMode,
    routes: [
      {
        path: 'mrseq',
        layoutTemplate: () => ({
          id: ohif.layout,
          props: {
            leftPanels: [ohif.thumbnailList],
            leftPanelResizable: true,
            rightPanels: [moduleIds.panel],
            rightPanelResizable: true,
            viewports: [{ namespace: cornerstoneViewport, displaySetsToDisplay: [ohif.sopClassHandler] }],
          },
        }),
      },
    ],
    extensions: extensionDependencies,
    hangingProtocol: 'default',
    sopClassHandlers: [ohif.sopClassHandler],
  };
}

const mode = { id, modeFactory, extensionDependencies };
export default mode;
