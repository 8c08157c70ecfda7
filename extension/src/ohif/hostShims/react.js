// webpack alias target for `react` in the runtime-plugin build: the OHIF viewer's own React (see ../hostModules.ts).
module.exports = require('../hostModules').hostModule('react');
