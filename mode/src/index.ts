/**
 * The mrseq mode: a brain MR reading layout. Study browser on the left, the mrseq panel on the right,
 * cornerstone viewports. The study opens with the extension's hanging protocol: OHIF hangs it once
 * the series metadata is in, as T1 / T1c / T2 / DW where the headers say so strongly (one series
 * otherwise); the extension then fills and corrects the viewports from the pixels
 * (extension/src/hangingProtocols/layoutController.ts).
 *
 * Its configuration (`appConfig.modesConfiguration['@mrseq/mode']`, handed to modeFactory) may change
 * the extension's behaviour while the mode is open: { autoClassify, autoArrange, overlay }.
 * Leaving the mode needs nothing from it: the extension's onModeExit stops the classifier.
 */
import { COMMANDS, PROTOCOL_ID, type ModeSettings } from '@mrseq/extension';
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

/** OHIF's services by name (the prebuilt viewer exports no types to runtime plugins). */
type Services = Record<string, any>;
interface ModeContext {
  servicesManager: { services: Services };
  // module exports differ by module
  extensionManager: { getModuleEntry(id: string): any };
  commandsManager: { run(name: string, options?: Record<string, unknown>): unknown };
}

function initToolGroup({ servicesManager, extensionManager }: Pick<ModeContext, 'servicesManager' | 'extensionManager'>): void {
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

/** Keeps only the settings a mode may change (see extension/src/config.ts). */
function modeSettings(c: Record<string, unknown> | undefined): ModeSettings {
  const out: ModeSettings = {};
  if (typeof c?.autoClassify === 'boolean') out.autoClassify = c.autoClassify;
  if (typeof c?.autoArrange === 'boolean') out.autoArrange = c.autoArrange;
  if (c?.overlay && typeof c.overlay === 'object') out.overlay = c.overlay as ModeSettings['overlay'];
  return out;
}

export function modeFactory({ modeConfiguration }: { modeConfiguration?: Record<string, unknown> } = {}) {
  const settings = modeSettings(modeConfiguration);
  return {
    id,
    routeName: 'mrseq',
    displayName: 'MR sequences (mrseq)',
    onModeEnter(ctx: ModeContext) {
      initToolGroup(ctx);
      const { toolbarService } = ctx.servicesManager.services;
      toolbarService.register(toolbarButtons);
      toolbarService.updateSection(toolbarService.sections?.primary ?? 'primary', primarySection);
      ctx.commandsManager.run(COMMANDS.startForMode, { mode: settings });
    },
    // OHIF calls this with { servicesManager, extensionManager, appConfig } (no commandsManager).
    onModeExit({ servicesManager }: Pick<ModeContext, 'servicesManager'>) {
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
    hangingProtocol: PROTOCOL_ID,
    sopClassHandlers: [ohif.sopClassHandler],
  };
}

const mode = { id, modeFactory, extensionDependencies };
export default mode;
