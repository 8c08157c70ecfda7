import { PANEL_NAME } from '../id';
import { PanelSequences, type PanelDeps } from './PanelSequences';

export default function getPanelModule(deps: () => PanelDeps) {
  return [
    {
      name: PANEL_NAME,
      iconName: 'tab-linear',
      iconLabel: 'Sequences',
      label: 'Sequences',
      component: () => <PanelSequences deps={deps()} />,
    },
  ];
}
