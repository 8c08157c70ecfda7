import { hangInSlot } from './hangInSlot';

function fakes(viewports: string[]) {
  const ids = new Set(viewports);
  const runs: Array<[string, Record<string, unknown> | undefined]> = [];
  const services = {
    viewportGridService: { getState: () => ({ viewports: { has: (id: string) => ids.has(id) } }) },
    hangingProtocolService: { getState: () => ({ activeStudyUID: '1.2.3' }) },
  };
  const commandsManager = { run: (name: unknown, options?: Record<string, unknown>) => runs.push([name as string, options]) };
  return { ids, runs, services, commandsManager };
}

describe('hangInSlot', () => {
  it('shows the display set in the slot of the 2x2 layout', async () => {
    const f = fakes(['mrseq-T1', 'mrseq-T1c', 'mrseq-T2', 'mrseq-DW']);
    expect(await hangInSlot(f.services, f.commandsManager, 'T1c', 'ds7')).toBe(true);
    expect(f.runs).toEqual([['setDisplaySetsForViewports', { viewportsToUpdate: [{ viewportId: 'mrseq-T1c', displaySetInstanceUIDs: ['ds7'] }] }]]);
  });

  it('applies the layout first when the study is not hung by sequence, then shows it', async () => {
    const f = fakes(['default']);
    const done = hangInSlot(f.services, f.commandsManager, 'DW', 'ds9');
    expect(f.runs[0]).toEqual(['setHangingProtocol', { protocolId: 'mrseq.brainMR2x2', activeStudyUID: '1.2.3', reset: true }]);
    f.ids.add('mrseq-DW');
    expect(await done).toBe(true);
    expect(f.runs[1][1]).toEqual({ viewportsToUpdate: [{ viewportId: 'mrseq-DW', displaySetInstanceUIDs: ['ds9'] }] });
  });

  it('gives up, showing nothing, when the layout never appears', async () => {
    const f = fakes([]);
    expect(await hangInSlot(f.services, f.commandsManager, 'T2', 'x', 300)).toBe(false);
    expect(f.runs.map(([name]) => name)).toEqual(['setHangingProtocol']);
  });
});
