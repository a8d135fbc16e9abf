// The shell as one webpack build without Module Federation, for bench/page-load: the same
// shell/webpack.config.js and shell sources, with the federation loader module swapped for
// static-federation.ts, which compiles the in-page widgets (email, tickets) into this build.
// `npx webpack --config bench/page-load/monolith/webpack.config.js` -> bench/page-load/monolith/dist
// (ignored by git like every dist/), served by `startPlatform({ shellDir })`.
const path = require('node:path');
const { NormalModuleReplacementPlugin, container } = require('webpack');
const [shell, sandboxBridge] = require('../../../shell/webpack.config.js');

const outputPath = path.join(__dirname, 'dist');
const federationModule = path.resolve(__dirname, '../../../shell/src/widgets/federation.ts');
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The shell's build, minus Module Federation, with `src/widgets/federation.ts` replaced after it resolved. */
const monolith = {
  ...shell,
  name: 'shell-monolith',
  output: { ...shell.output, path: outputPath },
  plugins: [
    ...shell.plugins.filter((plugin) => !(plugin instanceof container.ModuleFederationPlugin)),
    new NormalModuleReplacementPlugin(new RegExp(`^${escaped(federationModule)}$`), path.join(__dirname, 'static-federation.ts')),
  ],
};

/** The sandbox bridge client as the shell builds it, into the same folder (untrusted widgets need it). */
const bridge = { ...sandboxBridge, dependencies: [monolith.name], output: { ...sandboxBridge.output, path: outputPath } };

module.exports = [monolith, bridge];
