import mode, { extensionDependencies, isValidMode, modeFactory } from './index';

describe('mrseq mode', () => {
  it('is valid for studies with MR and says why not otherwise', () => {
    expect(isValidMode({ modalities: 'CT\\MR' }).valid).toBe(true);
    expect(isValidMode({ modalities: 'CT' })).toEqual({ valid: false, description: 'The mrseq mode needs a study with MR series' });
  });

  it('lays out the study browser left and the mrseq panel right, and needs the mrseq extension', () => {
    const m = modeFactory();
    expect(mode.id).toBe('@mrseq/mode');
    expect(m.routeName).toBe('mrseq');
    const layout = m.routes[0].layoutTemplate();
    expect(layout.props.leftPanels).toEqual(['@ohif/extension-default.panelModule.seriesList']);
    expect(layout.props.rightPanels).toEqual(['@mrseq/extension.panelModule.mrseqSequences']);
    // outside the runtime-plugin build, the extension is named by its package
    expect(Object.keys(extensionDependencies)).toContain('@mrseq/extension');
    // studies open with the extension's protocol: the provisional 2x2 (or one series) as soon as the metadata is in
    expect(m.hangingProtocol).toBe('mrseq.brainMR2x2');
  });

  it("starts the extension on enter with the mode's configuration; exit needs no command (OHIF passes none)", () => {
    const ran: Array<[string, unknown]> = [];
    const services = {
      toolGroupService: { createToolGroupAndAddTools: jest.fn(), destroy: jest.fn() },
      toolbarService: { register: jest.fn(), updateSection: jest.fn(), sections: { primary: 'primary' } },
    };
    const ctx = {
      servicesManager: { services },
      extensionManager: { getModuleEntry: () => ({ exports: { toolNames: { WindowLevel: 'WL', Pan: 'Pan', Zoom: 'Zoom', StackScroll: 'SS' }, Enums: { MouseBindings: {} } } }) },
      commandsManager: { run: (name: string, options?: unknown) => ran.push([name, options]) },
    };
    const m = modeFactory({ modeConfiguration: { autoArrange: false, modelUrl: '/ignored' } });
    m.onModeEnter(ctx);
    // what OHIF hands a mode's onModeExit: { servicesManager, extensionManager, appConfig }
    m.onModeExit({ servicesManager: ctx.servicesManager });
    expect(ran).toEqual([['mrseqStartForMode', { mode: { autoArrange: false } }]]);
    expect(services.toolGroupService.destroy).toHaveBeenCalled();
    expect(services.toolbarService.updateSection).toHaveBeenCalledWith('primary', expect.arrayContaining(['MrseqArrange', 'MrseqGradCam']));
  });
});
