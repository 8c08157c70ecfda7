// jest runs each test file in its own VM realm, whose typed-array constructors differ from the ones
// native addons (onnxruntime-node) create; onnxruntime-common then rejects its own outputs
// ("A float32 tensor's data must be type of Float32Array"). Sharing the host realm's typed arrays
// with the test realm fixes that without changing any code under test.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array',
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

class SharedTypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArrayEnvironment;
