// webpack alias target for `react-dom` in the runtime-plugin build (see ../hostModules.ts).
module.exports = require('../hostModules').hostModule('react-dom');
