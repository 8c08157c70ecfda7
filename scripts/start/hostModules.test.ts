import { parseHostModuleMap } from './hostModules';

const bundle = `
(globalThis["rspackChunk"] = globalThis["rspackChunk"] || []).push([[1], {}]);
// EXTERNAL MODULE: ../../../node_modules/react/index.js
var react = __webpack_require__(86326);
// EXTERNAL MODULE: ../../../node_modules/react-dom/client.js
var client = __webpack_require__(63776);
// EXTERNAL MODULE: ../../../node_modules/react/jsx-runtime.js
var jsx_runtime = __webpack_require__(36870);
// EXTERNAL MODULE: ../../../node_modules/react/index.js
var react2 = __webpack_require__(11111);
`;

describe('parseHostModuleMap', () => {
  it('reads the chunk array name and the first id of each shared package from the app bundle', () => {
    expect(parseHostModuleMap(bundle, '3.13.2')).toEqual({
      chunkGlobal: 'rspackChunk',
      modules: { react: 86326, 'react-dom/client': 63776, 'react/jsx-runtime': 36870 },
      ohifVersion: '3.13.2',
    });
  });

  it('fails with a reason when the bundle is not the expected kind', () => {
    expect(() => parseHostModuleMap('var x = 1;', '3.13.2')).toThrow('no globalThis chunk array');
    expect(() => parseHostModuleMap('globalThis["c"] = globalThis["c"] || []', '3.13.2')).toThrow('does not name react');
  });
});
