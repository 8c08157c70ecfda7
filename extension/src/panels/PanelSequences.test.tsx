/**
 * @jest-environment jsdom
 */
/**
 * The mounted panel, clicked as a reader would: a click on a series row asks for that series in the
 * active viewport (runtime.test.ts shows the command putting it there).
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { COMMANDS } from '../commandNames';
import { OverlayStore } from '../overlays/overlayStore';
import { ClassifierService } from '../services/ClassifierService';
import { PubSub } from '../services/PubSub';
import { ACTIVE_VIEWPORT_EVENTS, type ActiveViewportInfo, type ActiveViewportSource } from '../services/viewerTypes';
import { PanelSequences } from './PanelSequences';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

class FakeViewport extends PubSub<typeof ACTIVE_VIEWPORT_EVENTS> implements ActiveViewportSource {
  info: ActiveViewportInfo | null = { viewportId: 'default', displaySetInstanceUID: 'a', imageIndex: 0, imageCount: 10 };
  constructor() {
    super(ACTIVE_VIEWPORT_EVENTS);
  }
  get() {
    return this.info;
  }
  viewport() {
    return null;
  }
}

test('a click (or Enter) on a series row shows that series in the active viewport', async () => {
  const never = new Promise<never>(() => undefined);
  const service = new ClassifierService({
    client: { init: () => never, classifySeries: () => never, classifySlice: () => never, terminate() {} },
    source: { load: () => never, loadSlice: () => never },
    settings: { model: { modelUrl: 'x/', wasmPaths: 'y/', backends: ['wasm'] }, samplesPerSeries: 8, classify: {} },
  });
  void service.classifyDisplaySets([
    { displaySetInstanceUID: 'a', SeriesNumber: 1, SeriesDescription: 'first', Modality: 'MR', numImageFrames: 10 },
    { displaySetInstanceUID: 'b', SeriesNumber: 2, SeriesDescription: 'second', Modality: 'MR', numImageFrames: 10 },
  ]);
  const ran: Array<[string, unknown]> = [];
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  await act(async () => {
    root.render(<PanelSequences deps={{ service, viewport: new FakeViewport(), overlay: new OverlayStore(), runCommand: (name, options) => ran.push([name, options]) }} />);
  });
  const rows = Array.from(host.querySelectorAll<HTMLElement>('[data-testid="mrseq-series-row"]'));
  expect(rows.map((r) => r.dataset.uid)).toEqual(['a', 'b']);
  await act(async () => rows[1].click());
  await act(async () => rows[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
  expect(ran).toEqual([
    [COMMANDS.showSeries, { displaySetInstanceUID: 'b' }],
    [COMMANDS.showSeries, { displaySetInstanceUID: 'a' }],
  ]);
  act(() => root.unmount());
});
