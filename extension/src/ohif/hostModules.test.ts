import * as React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import { hostModule, HostModuleError, resetHostRequireForTests, type HostModuleMap } from './hostModules';

/** A stand-in for the viewer's rspack runtime: its chunk array calls a pushed runtime callback with `require`. */
function fakeHost(modules: Record<number, unknown>): Record<string, unknown> {
  const chunks: unknown[] = [];
  chunks.push = (entry: unknown) => {
    const [, , runtime] = entry as [unknown, unknown, (req: (id: number) => unknown) => void];
    runtime((id) => {
      if (!(id in modules)) throw new Error(`Cannot find module ${id}`);
      return modules[id];
    });
    return 0;
  };
  return { rspackChunk: chunks };
}

const map: HostModuleMap = { chunkGlobal: 'rspackChunk', modules: { react: 86326, 'react/jsx-runtime': 36870, 'react-dom': 35623 }, ohifVersion: '3.13.2' };

describe('hostModule', () => {
  beforeEach(() => resetHostRequireForTests());

  it("returns the viewer's own React and JSX runtime", () => {
    const host = fakeHost({ 86326: React, 36870: jsxRuntime });
    expect(hostModule('react', map, host)).toBe(React);
    expect(hostModule('react/jsx-runtime', map, host)).toBe(jsxRuntime);
  });

  it('refuses a module that is not what the map says, with a message naming the OHIF version', () => {
    const host = fakeHost({ 86326: { useState: () => null } });
    expect(() => hostModule('react', map, host)).toThrow(HostModuleError);
    expect(() => hostModule('react', map, host)).toThrow('module 86326 of the OHIF viewer is not react; the viewer is not the OHIF 3.13.2 dist');
  });

  it('explains a missing registry, a missing id and a missing map', () => {
    expect(() => hostModule('react', map, {})).toThrow("the OHIF viewer's module registry (globalThis.rspackChunk) is missing");
    resetHostRequireForTests();
    expect(() => hostModule('react-dom/client', map, fakeHost({}))).toThrow('no module id for react-dom/client');
    expect(() => hostModule('react', null)).toThrow('this plugin build has no module map');
    resetHostRequireForTests();
    expect(() => hostModule('react-dom', map, fakeHost({}))).toThrow('module 35623 (react-dom) could not be loaded from the OHIF viewer: Cannot find module 35623');
  });
});
