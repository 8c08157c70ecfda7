// One jest run covers the core, the OHIF plugin, the command-line tool and the scripts.
// Tests sit next to the code they test as *.test.ts(x).
const { existsSync } = require('node:fs');
const path = require('node:path');

module.exports = {
  testEnvironment: '<rootDir>/.jest/node-environment.js',
  roots: ['extension/src', 'mode/src', 'cli/src', 'scripts'].filter((d) => existsSync(path.join(__dirname, d))).map((d) => `<rootDir>/${d}`),
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  // dcmjs and a few codec packages ship ES modules only in some entry points (the 12-bit JPEG decoder
  // of @cornerstonejs/dicom-image-loader is one, loaded by path in extension/src/node/codecs.ts).
  transformIgnorePatterns: ['/node_modules/(?!(dcmjs|@cornerstonejs/dicom-image-loader)/)'],
  testTimeout: 60000,
};
