#!/usr/bin/env node
// The command-line client, from its CommonJS bundle (see rolldown.config.mjs: a short command starts faster
// from a few CommonJS chunks than from the ES modules tsc writes to dist/).
'use strict';
const { main } = require('../dist/cli.bundle/main.cjs');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
