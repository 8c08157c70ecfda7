/** The mode's toolbar: the usual navigation tools plus the two mrseq actions. */
import { COMMANDS } from '@mrseq/extension';

const setToolActive = (toolName: string) => ({
  commandName: 'setToolActive',
  commandOptions: { toolGroupIds: ['default'], toolName },
  context: 'CORNERSTONE',
});

const tool = (id: string, icon: string, label: string) => ({
  id,
  uiType: 'ohif.toolButton',
  props: { icon, label, tooltip: label, commands: setToolActive(id), evaluate: 'evaluate.cornerstoneTool' },
});

const action = (id: string, icon: string, label: string, commands: string) => ({
  id,
  uiType: 'ohif.toolButton',
  props: { icon, label, tooltip: label, commands, evaluate: 'evaluate.action' },
});

export const toolbarButtons = [
  tool('WindowLevel', 'tool-window-level', 'Window Level'),
  tool('Zoom', 'tool-zoom', 'Zoom'),
  tool('Pan', 'tool-move', 'Pan'),
  tool('StackScroll', 'tool-stack-scroll', 'Stack Scroll'),
  {
    id: 'Layout',
    uiType: 'ohif.layoutSelector',
    props: { rows: 3, columns: 4, evaluate: 'evaluate.action', commands: 'setViewportGridLayout' },
  },
  action('Reset', 'tool-reset', 'Reset View', 'resetViewport'),
  action('MrseqArrange', 'tool-layout-default', 'Arrange by sequence (T1 / T1c / T2 / DW)', COMMANDS.arrangeBySequence),
  action('MrseqGradCam', 'tool-fusion-color', 'Grad-CAM overlay on / off', COMMANDS.toggleOverlay),
];

export const primarySection = ['WindowLevel', 'Zoom', 'Pan', 'StackScroll', 'Layout', 'Reset', 'MrseqArrange', 'MrseqGradCam'];
