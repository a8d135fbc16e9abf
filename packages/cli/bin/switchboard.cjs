#!/usr/bin/env node
// The `switchboard` command: runs the compiled CLI (`bash infra/scripts/build-node.sh` builds dist/).
const { main } = require('../dist/main.js');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
