// The shell: a Module Federation host with no static remotes. Widgets are registered at runtime
// from the agent's layout (src/widgets/widget-loader.ts), so a widget deploys without rebuilding the shell.
const fs = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { ModuleFederationPlugin } = require('webpack').container;
const { shellShared, typescriptRule, workspaceAliases } = require('../packages/widget-sdk/webpack/preset.cjs');

const repoRoot = path.resolve(__dirname, '..');

/**
 * The singletons every in-page widget takes from the shell (it bundles none of them): not eager,
 * behind the async boundary of src/index.ts.
 */
const shared = Object.fromEntries(Object.entries(shellShared()).map(([name, config]) => [name, { ...config, eager: false }]));

/** Lit's packages and `@lit/task`. */
const litModule = /[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit[\\/]reactive-element|@lit[\\/]task)[\\/]/;
/**
 * Lit's modules the shell provides for widgets but neither it nor the email page's widgets use at
 * first: directives other than those, static templates, async directives. Each loads on demand,
 * in a small chunk of its own, when a widget uses it. A directive a first-party widget renders
 * with when it mounts belongs in the list here (in the `lit` chunk): loaded on demand, it makes
 * that widget's `container.get` wait for one more shell chunk after its entry, a round trip the
 * monolith does not make (Calendar's `class-map`, issue 15).
 */
const litOnDemand = /[\\/](directives[\\/](?!(class-map|keyed|repeat|unsafe-html)\.js$)[^\\/]+|static|static-html|async-directive|private-async-helpers|html|polyfill-support)\.js$/;

/** The chunks every page of the shell runs first: the app (`src/bootstrap.ts`) and the shared modules it uses. */
const FIRST_CHUNKS = ['app', 'lit', 'platform', 'single-spa'];

/**
 * Adds to the page a `<link rel="preload" as="script">` for each file of `chunkNames` (those
 * that exist), so the browser fetches them alongside main.js instead of after running it (the
 * federation runtime in main.js asks for them only once it has started). Same-origin and without
 * integrity, like the script tags webpack then creates for them, which take the preloaded responses.
 */
class PreloadChunksPlugin {
  constructor(chunkNames) {
    this.chunkNames = chunkNames;
  }
  apply(compiler) {
    compiler.hooks.compilation.tap('PreloadChunksPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('PreloadChunksPlugin', (groups) => {
        const files = this.chunkNames.flatMap((name) => [...(compilation.namedChunks.get(name)?.files ?? [])].filter((file) => file.endsWith('.js')));
        const { publicPath } = compilation.outputOptions;
        const links = files.map((file) => HtmlWebpackPlugin.createHtmlTagObject('link', { rel: 'preload', as: 'script', href: `${publicPath}${file}` }));
        return { ...groups, headTags: [...groups.headTags, ...links] };
      });
    });
  }
}

/** The shell: a Module Federation host. */
const shell = {
  name: 'shell',
  mode: 'production',
  context: __dirname,
  entry: { main: './src/index.ts' },
  target: 'web',
  devtool: 'source-map',
  output: {
    path: path.join(__dirname, 'dist'),
    publicPath: '/',
    uniqueName: 'switchboard_shell',
    filename: '[name].[contenthash:8].js',
    chunkFilename: '[name].[contenthash:8].js',
    // The bridge client below is built after this and lands in the same folder.
    clean: { keep: /^sandbox-bridge\.js/ },
  },
  resolve: { extensions: ['.ts', '.js'], alias: workspaceAliases(repoRoot) },
  // An import the module lacks fails the build (the contracts' demo data, say: not in the page's part).
  module: { rules: [typescriptRule], strictExportPresence: true },
  plugins: [
    // webpack's own Module Federation (decision 0020): the shell provides the shared modules and
    // loads each widget's container by the URL of its remoteEntry.js (src/widgets/federation.ts).
    new ModuleFederationPlugin({ name: 'switchboard_shell', shared }),
    // The page as a string, not a template file: html-webpack-plugin compiles a template in a child
    // compilation, which the federation plugin would fill with CommonJS copies of every module the
    // shell provides by path (Lit's public modules, `shellShared`), emitted beside the page.
    new HtmlWebpackPlugin({ templateContent: fs.readFileSync(path.join(__dirname, 'src/index.html'), 'utf8'), scriptLoading: 'defer' }),
    new PreloadChunksPlugin(FIRST_CHUNKS),
  ],
  optimization: {
    splitChunks: {
      cacheGroups: {
        // Lit's shared modules the page renders with in one chunk rather than one per module (each is a share of its own).
        lit: { test: (module) => litModule.test(module.resource ?? '') && !litOnDemand.test(module.resource), name: 'lit', chunks: 'async', enforce: true },
        'single-spa': { test: /[\\/]node_modules[\\/]single-spa[\\/]/, name: 'single-spa', chunks: 'async', enforce: true },
        // The SDK and contracts every widget uses from the shell, with the TypeBox they are built on: one chunk.
        platform: {
          test: /([\\/]shared-contracts[\\/]src|[\\/]packages[\\/]widget-sdk[\\/]src|[\\/]node_modules[\\/]@sinclair[\\/]typebox)[\\/]/,
          name: 'platform',
          chunks: 'async',
          enforce: true,
        },
      },
    },
  },
  performance: { hints: false },
};

/**
 * `sandbox-bridge.js`: the bridge client an untrusted widget's sandboxed iframe loads from the
 * shell's origin (src/sandbox). A plain bundle without Module Federation or Lit; a fixed name,
 * because the shell writes its URL into each iframe's document (the gateway revalidates it).
 */
const sandboxBridge = {
  name: 'sandbox-bridge',
  dependencies: ['shell'],
  mode: 'production',
  context: __dirname,
  entry: { 'sandbox-bridge': './src/sandbox/sandbox-bridge.ts' },
  target: 'web',
  devtool: 'source-map',
  output: { path: path.join(__dirname, 'dist'), filename: '[name].js', clean: false },
  resolve: { extensions: ['.ts', '.js'], alias: workspaceAliases(repoRoot) },
  module: { rules: [typescriptRule] },
  performance: { hints: false },
};

module.exports = [shell, sandboxBridge];
