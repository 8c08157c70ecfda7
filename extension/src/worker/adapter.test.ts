import { adapterProblem } from './adapter';

describe('adapterProblem: which WebGPU adapters the classifier uses', () => {
  test('no adapter', () => {
    expect(adapterProblem(null, false)).toBe('no WebGPU adapter');
    expect(adapterProblem(undefined, true)).toBe('no WebGPU adapter');
  });

  test('a hardware adapter is used', () => {
    expect(adapterProblem({ info: { vendor: 'nvidia', architecture: 'ampere', description: '' } }, false)).toBeNull();
    expect(adapterProblem({}, false)).toBeNull();
  });

  test('software adapters are not used unless WebGPU is the only backend asked for', () => {
    const swiftshader = { info: { vendor: 'google', architecture: 'swiftshader' } };
    expect(adapterProblem(swiftshader, false)).toBe('only a software WebGPU adapter (google swiftshader), slower than WASM');
    expect(adapterProblem({ isFallbackAdapter: true }, false)).toBe('only a software WebGPU adapter, slower than WASM');
    expect(adapterProblem({ info: { isFallbackAdapter: true, vendor: 'x' } }, false)).toMatch(/^only a software WebGPU adapter \(x\)/);
    expect(adapterProblem({ info: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }, false)).toMatch(/software/);
    expect(adapterProblem(swiftshader, true)).toBeNull();
  });
});
