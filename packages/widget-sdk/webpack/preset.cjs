// Webpack + Module Federation preset shared by the shell and every widget, so that all of them
// agree on the shared singletons and build the same way.
const path = require('node:path');
const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');

/** Packages loaded once per page: every remote must share them, or Lit registers twice. */
const sharedSingletons = Object.fromEntries(
  ['lit', 'lit/', 'lit-html', 'lit-html/', 'lit-element', 'lit-element/', '@lit/reactive-element', '@lit/reactive-element/', 'single-spa'].map(
    (name) => [name, { singleton: true, requiredVersion: false }],
  ),
);

/** Resolves the platform's own packages to their TypeScript sources so webpack tree-shakes them. */
function workspaceAliases(repoRoot) {
  return {
    '@switchboard/contracts$': path.join(repoRoot, 'shared-contracts/src/index.ts'),
    '@switchboard/widget-sdk$': path.join(repoRoot, 'packages/widget-sdk/src/index.ts'),
  };
}

/** swc-loader rule for TypeScript with Lit's legacy decorators. */
const typescriptRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    },
  },
};

/** Emits `widget.json` (the WidgetManifest of shared-contracts) beside the federation manifest. */
class WidgetManifestPlugin {
  constructor(manifest) {
    this.manifest = manifest;
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('WidgetManifestPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'WidgetManifestPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => compilation.emitAsset('widget.json', new RawSource(JSON.stringify(this.manifest, null, 2))),
      );
    });
  }
}

/**
 * Webpack config of a widget remote.
 * @param {object} options
 * @param {string} options.dir the widget package folder (__dirname of its webpack.config.js)
 * @param {string} options.name registry name, e.g. `tickets`
 * @param {string} options.entry module that default-exports the parcel, e.g. `./src/widget.ts`
 * @param {boolean} options.mandatory whether the email detail page requires it
 * @param {string} [options.service] audience of the service it calls
 * @param {{en: string, cs: string}} options.title frame title per locale
 * @param {string} options.hostContract host contract version it was built against
 */
function widgetConfig(options) {
  const pkg = require(path.join(options.dir, 'package.json'));
  const federationName = `switchboard_${options.name.replace(/-/g, '_')}`;
  const repoRoot = path.resolve(__dirname, '../../..');
  return {
    mode: 'production',
    entry: {},
    target: 'web',
    devtool: 'source-map',
    output: {
      path: path.join(options.dir, 'dist'),
      publicPath: 'auto',
      uniqueName: federationName,
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'], alias: workspaceAliases(repoRoot) },
    module: { rules: [typescriptRule] },
    plugins: [
      new ModuleFederationPlugin({
        name: federationName,
        filename: 'remoteEntry.js',
        exposes: { './widget': options.entry },
        shared: sharedSingletons,
        manifest: { fileName: 'mf-manifest.json' },
        dts: false,
      }),
      new WidgetManifestPlugin({
        name: options.name,
        version: pkg.version,
        federationName,
        entry: 'mf-manifest.json',
        exposedModule: './widget',
        mandatory: options.mandatory,
        hostContract: options.hostContract,
        ...(options.service ? { service: options.service } : {}),
        title: options.title,
      }),
    ],
    performance: { hints: false },
  };
}

module.exports = { sharedSingletons, typescriptRule, widgetConfig, workspaceAliases };
