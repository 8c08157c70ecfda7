// webpack alias target for `react/jsx-runtime` in the runtime-plugin build (see ../hostModules.ts).
module.exports = require('../hostModules').hostModule('react/jsx-runtime');
