#!/usr/bin/env node
// `mrseq` command-line tool. The TypeScript sources run directly through tsx's require hook, so what
// the command line measures is exactly the core the viewer's worker runs.
'use strict';
const { register } = require('tsx/cjs/api');
register();
const { main } = require('../src/main.ts');
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`mrseq: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
