// Webpack + Module Federation preset shared by the shell and every widget, so that all of them
// agree on the shared singletons and build the same way.
const fs = require('node:fs');
const path = require('node:path');
const { ModuleFederationPlugin } = require('webpack').container;

const singleton = { singleton: true, requiredVersion: false };

/** The folder and package.json of an installed package (`lit` exports no `./package.json`). */
function packageOf(name) {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || require(path.join(dir, 'package.json')).name !== name) dir = path.dirname(dir);
  return { dir, pkg: require(path.join(dir, 'package.json')) };
}

/** The modules holding Lit's state: share key, and the file a browser build resolves it to. */
const litStateFiles = [
  ['lit-html', 'lit-html', 'lit-html.js'],
  ['@lit/reactive-element', '@lit/reactive-element', 'reactive-element.js'],
  ['lit-element/lit-element.js', 'lit-element', 'lit-element.js'],
];

/**
 * The modules holding Lit's state, as the shell provides them: by their bare import, under the
 * share key a widget consumes them with (`inPageShared`).
 */
const litStateModules = () => Object.fromEntries(litStateFiles.map(([shareKey]) => [shareKey, singleton]));

/**
 * The same modules as an in-page widget consumes them. Files inside Lit's packages reach them by
 * relative path (a directive's `../lit-html.js`, a decorator's `../reactive-element.js`), which no
 * share key matches by name, so each share is keyed by the file's absolute path (webpack matches
 * such a key against the resolved module). Without these, a widget bundling a module of Lit
 * outside `lit`'s exports would bring a second copy of lit-html or reactive-element.
 */
const litStateFilesConsumed = () =>
  Object.fromEntries(litStateFiles.map(([shareKey, pkg, file]) => [path.join(packageOf(pkg).dir, file), { ...singleton, shareKey }]));

/** Shares of the modules every in-page widget and the shell use, besides Lit. */
const pageSingletons = Object.fromEntries(['@lit/task', 'single-spa', '@switchboard/widget-sdk', '@switchboard/contracts'].map((name) => [name, singleton]));

/**
 * What an in-page widget takes from the shell and never bundles (`import: false`): Lit (`lit`
 * and its public modules, which the shell provides all of, `shellShared`, and the modules
 * holding Lit's state), `@lit/task`, single-spa, the widget SDK and the contracts. With a copy
 * of its own, the page would run whichever widget's copy of a module the shell does not provide
 * (a directive, say) registered first, and fetch another one on the next load. The SDK and contracts (their TypeBox schemas, ~30 KiB br per widget) are the shell's too.
 * A sandboxed widget has no shell in its iframe: it shares nothing and bundles its own.
 */
const inPageShared = () =>
  Object.fromEntries(
    Object.entries({
      lit: singleton,
      'lit/': singleton,
      ...litStateFilesConsumed(),
      ...pageSingletons,
    }).map(([name, config]) => [name, { ...config, import: false }]),
  );

/**
 * Every public module of `lit` (its `exports`, but the polyfill support a page loads by itself),
 * as a share the shell provides whether or not it imports the module, so any in-page widget finds
 * the one it uses (they bundle none, `inPageShared`). Each is the file a browser build resolves.
 */
function litPublicModules() {
  const { dir, pkg } = packageOf('lit');
  return Object.fromEntries(
    Object.entries(pkg.exports)
      .filter(([subpath]) => subpath !== './polyfill-support.js')
      .map(([subpath, target]) => {
        const shareKey = subpath === '.' ? 'lit' : `lit/${subpath.slice(2)}`;
        return [shareKey, { ...singleton, shareKey, import: path.join(dir, target.default), version: pkg.version }];
      }),
  );
}

/**
 * What the shell shares, all singletons loaded once per page: Lit (the modules holding its state
 * and every public module of `lit`), `@lit/task`, single-spa and the
 * platform's packages (the SDK and the contracts). Other modules of Lit's packages it bundles
 * plainly: a widget built with an older preset that brings its own copy of one (a
 * `lit-html/directives/…`) runs it on the shell's lit-html.
 */
function shellShared() {
  return {
    ...litStateModules(),
    ...litPublicModules(),
    ...pageSingletons,
  };
}

/**
 * Resolves the platform's own packages to their TypeScript sources so webpack tree-shakes them;
 * the contracts to the part a page uses (no demo data: the shell shares the module whole).
 */
function workspaceAliases(repoRoot) {
  return {
    '@switchboard/contracts$': path.join(repoRoot, 'shared-contracts/src/browser.ts'),
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
      // Ignore the repo's .swcrc: it emits CommonJS for Node, which would defeat tree shaking.
      swcrc: false,
      module: { type: 'es6' },
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    },
  },
};

/**
 * Emits `widget.json` (the WidgetManifest of shared-contracts) beside the federation manifest,
 * failing the build when it does not match the schema the shell validates it with.
 */
class WidgetManifestPlugin {
  constructor(manifest, schema) {
    this.manifest = manifest;
    this.schema = schema;
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    const { Value } = require('@sinclair/typebox/value');
    compiler.hooks.thisCompilation.tap('WidgetManifestPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'WidgetManifestPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          // A development build (`--mode development`, the dev server's) is marked, so it is never published.
          const manifest = compiler.options.mode === 'production' ? this.manifest : { ...this.manifest, development: true };
          for (const error of Value.Errors(this.schema, manifest)) {
            compilation.errors.push(new compiler.webpack.WebpackError(`widget.json${error.path}: ${error.message}`));
          }
          compilation.emitAsset('widget.json', new RawSource(JSON.stringify(manifest, null, 2)));
        },
      );
    });
  }
}

/** The chunk the exposed widget module starts in (webpack names it after the expose's `name`). */
const EXPOSED_CHUNK = '__federation_expose_widget';

/**
 * Emits `mf-manifest.json`, the part of a Module Federation manifest the registry, the shell's dev
 * overrides and the first-load budget read: where the remote entry is (`metaData`) and the files
 * the exposed widget needs first (`exposes[].assets.js.sync`) and later (`async`).
 */
class FederationManifestPlugin {
  constructor(name) {
    this.name = name;
  }
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('FederationManifestPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'FederationManifestPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER }, () => {
        const group = compilation.namedChunkGroups.get(EXPOSED_CHUNK);
        const jsOf = (chunks) => [...new Set([...chunks].flatMap((chunk) => [...chunk.files].filter((file) => file.endsWith('.js'))))];
        const sync = group ? jsOf(group.chunks) : [];
        const later = group ? jsOf(group.getChildren().flatMap((child) => child.chunks)).filter((file) => !sync.includes(file)) : [];
        const manifest = {
          id: this.name,
          name: this.name,
          metaData: { name: this.name, remoteEntry: { name: 'remoteEntry.js', path: '', type: 'window' }, publicPath: 'auto' },
          exposes: [{ id: `${this.name}:widget`, name: 'widget', path: './widget', assets: { js: { sync, async: later } } }],
        };
        compilation.emitAsset('mf-manifest.json', new sources.RawSource(JSON.stringify(manifest, null, 2)));
      });
    });
  }
}

/**
 * Puts the exposed widget's own code into `remoteEntry.js`, so the page fetches one script per
 * widget instead of the entry and then, once it has run, the exposed module's first chunk. The
 * chunk keeps only the modules the widget takes from the shell (consume-shared: no code of their
 * own, no file), so `container.get('./widget')` still waits for them from the shell's share scope
 * before it runs the widget, and the entry's integrity covers the widget's code. Chunks the
 * widget loads on demand (`import()`) stay chunks of their own.
 */
class ExposeInEntryPlugin {
  constructor(entryName) {
    this.entryName = entryName;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('ExposeInEntryPlugin', (compilation) => {
      // After splitChunks (STAGE_ADVANCED), so a chunk it split off the exposed module moves too;
      // a chunk left without code emits no file.
      compilation.hooks.optimizeChunks.tap({ name: 'ExposeInEntryPlugin', stage: 20 }, () => {
        const entry = compilation.namedChunks.get(this.entryName);
        const group = compilation.namedChunkGroups.get(EXPOSED_CHUNK);
        if (!entry || !group) return;
        const { chunkGraph } = compilation;
        for (const chunk of [...group.chunks]) {
          for (const module of [...chunkGraph.getChunkModulesIterable(chunk)]) {
            if (module.type === 'consume-shared-module') continue;
            chunkGraph.disconnectChunkAndModule(chunk, module);
            chunkGraph.connectChunkAndModule(entry, module);
          }
        }
      });
      // With no chunk left to fetch, webpack's chunk loading (script loader, chunk file names, the
      // entry's own URL as public path) is dead code in every entry (~1 KiB br): left out.
      compilation.hooks.runtimeModule.tap('ExposeInEntryPlugin', (module, chunk) => {
        if (chunk.name !== this.entryName || !CHUNK_LOADING_RUNTIME.has(module.name)) return;
        const generate = module.generate.bind(module);
        module.generate = () => (fetchesNothing(compilation, chunk) ? null : generate());
      });
    });
  }
}

/** webpack's runtime modules that fetch chunks and find their URLs. */
const CHUNK_LOADING_RUNTIME = new Set(['jsonp chunk loading', 'load script', 'get javascript chunk filename', 'publicPath']);

/** Whether a runtime chunk never loads a chunk's code nor uses its public path (no assets by URL). */
function fetchesNothing(compilation, chunk) {
  const { chunkGraph, compiler } = compilation;
  const { publicPath } = compiler.webpack.RuntimeGlobals;
  const loadsCode = [...chunk.getAllAsyncChunks()].some((async) => chunkGraph.getChunkModulesIterableBySourceType(async, 'javascript'));
  const usesPublicPath = [...chunkGraph.getChunkModulesIterable(chunk)].some((module) => chunkGraph.getModuleRuntimeRequirements(module, chunk.runtime).has(publicPath));
  return !loadsCode && !usesPublicPath;
}

/**
 * Fails the build of a widget that bundles any module of `@module-federation/*` (its runtime
 * core, the bundler runtime, a runtime plugin): widgets are containers of webpack's own Module
 * Federation, whose runtime is a few KiB of webpack runtime code in `remoteEntry.js`, and in the
 * page they share the shell's modules through it. A copy of the enhanced runtime (~25 KiB br)
 * would come back with, say, a change of the federation plugin or an import of its runtime API.
 */
class NoOwnRuntimePlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('NoOwnRuntimePlugin', (compilation) => {
      compilation.hooks.afterSeal.tap('NoOwnRuntimePlugin', () => {
        for (const module of compilation.modules) {
          const resource = module.resource ?? '';
          if (/[\\/]@module-federation[\\/]/.test(resource)) {
            compilation.errors.push(
              new compiler.webpack.WebpackError(`${resource} is bundled: a widget must not bring a Module Federation runtime of its own`),
            );
            return;
          }
        }
      });
    });
  }
}

/**
 * Set by the widget's dev server (`npm run dev`) for its watch build: the build then also
 * exposes the SDK as `./dev-sdk`, so the dev harness page drives the widget with the SDK's
 * memory host from the very copy the widget uses. Release builds expose only `./widget`.
 */
const DEV_HARNESS_ENV = 'SWITCHBOARD_DEV_HARNESS';

/** The dev harness page and script the dev server serves (`dev-harness/` of this package). */
const devHarnessDir = path.join(__dirname, '..', 'dev-harness');

/** Brotli quality the gateway and the widget CDN compress scripts with (infra/src/static-files.ts). */
const SERVED_BROTLI_QUALITY = 5;

/**
 * Fails the build when what the page downloads to mount the widget, `remoteEntry.js` and the
 * exposed module's first chunks (the federation manifest's `sync` JS), exceeds `budgetKiB`
 * compressed as served (brotli). Chunks the widget loads on demand (`import()`) do not count, so
 * the budget keeps code the first paint does not need out of its path.
 */
class FirstLoadBudgetPlugin {
  constructor(budgetKiB) {
    this.budgetKiB = budgetKiB;
  }
  apply(compiler) {
    const { brotliCompressSync, constants } = require('node:zlib');
    const { Compilation, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('FirstLoadBudgetPlugin', (compilation) => {
      // After the federation plugin emitted mf-manifest.json (PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER).
      compilation.hooks.processAssets.tap({ name: 'FirstLoadBudgetPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const manifest = compilation.getAsset('mf-manifest.json');
        if (!manifest) {
          compilation.errors.push(new WebpackError('FirstLoadBudgetPlugin: no mf-manifest.json to read the first chunks from'));
          return;
        }
        const { exposes } = JSON.parse(manifest.source.source().toString());
        const files = ['remoteEntry.js', ...exposes.flatMap((expose) => expose.assets.js.sync)];
        const sizes = files.map((file) => {
          const bytes = compilation.getAsset(file).source.buffer();
          return [file, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: SERVED_BROTLI_QUALITY } }).length];
        });
        const total = sizes.reduce((sum, [, size]) => sum + size, 0);
        if (total > this.budgetKiB * 1024) {
          const list = sizes.map(([file, size]) => `${file} ${(size / 1024).toFixed(1)}`).join(', ');
          compilation.errors.push(
            new WebpackError(`The first load of this widget is ${(total / 1024).toFixed(1)} KiB (br), over its budget of ${this.budgetKiB} KiB: ${list}`),
          );
        }
      });
    });
  }
}

/** The built contracts (shared-contracts/dist), with a hint when they have not been built yet. */
function builtContracts() {
  try {
    return require('@switchboard/contracts');
  } catch (error) {
    throw new Error('@switchboard/contracts cannot be loaded (in the Switchboard repository: run `bash infra/scripts/build-node.sh` first)', { cause: error });
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
 * @param {string[]} [options.services] further services it calls (the audiences it may get tokens for)
 * @param {string[]} [options.connect] origins of its own backend it calls, e.g. `['https://orders.example']` (https only)
 * @param {{en: string, cs: string}} options.title frame title per locale
 * @param {string} [options.hostContract] host contract version it was built against
 *   (default: HOST_CONTRACT_VERSION of the contracts it is built with)
 * @param {boolean} [options.untrusted] run it in a sandboxed iframe (third-party code)
 * @param {string[]} [options.emits] platform events it may emit
 * @param {string[]} [options.listens] platform events it receives
 * @param {{key: string, kind: 'url' | 'text', label: {en: string, cs: string}}[]} [options.settings] settings of its layout
 *   item the layout editor offers, e.g. an address
 * @param {number} [options.firstLoadBudgetKiB] fail the build when `remoteEntry.js` and the exposed module's
 *   first chunks exceed this many KiB as served (brotli)
 */
function widgetConfig(options) {
  const pkg = require(path.join(options.dir, 'package.json'));
  // Loaded here, not at the top, so the shell can use the rest of the preset without the build.
  const { HOST_CONTRACT_VERSION, WidgetManifestSchema } = builtContracts();
  const federationName = `switchboard_${options.name.replace(/-/g, '_')}`;
  // Inside the Switchboard repository the SDK and contracts resolve to their sources; installed
  // from a tarball or a registry (node_modules), to their built modules.
  const repoRoot = path.resolve(__dirname, '../../..');
  const inRepository = fs.existsSync(path.join(repoRoot, 'packages/widget-sdk/src/index.ts'));
  return {
    mode: 'production',
    // Relative paths (the exposed entry) resolve from the widget folder, whatever the cwd.
    context: options.dir,
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
    resolve: { extensions: ['.ts', '.js'], alias: inRepository ? workspaceAliases(repoRoot) : {} },
    // An import the module lacks fails the build (the contracts' demo data, say: not in the page's part).
    module: { rules: [typescriptRule], strictExportPresence: true },
    plugins: [
      // webpack's own Module Federation: its runtime is a few KiB of webpack runtime code, where
      // `@module-federation/enhanced`'s is ~25 KiB br in the shell and ~6 KiB in every remote entry
      // (decision 0020). The container is a global of the page (`window[federationName]`).
      new ModuleFederationPlugin({
        name: federationName,
        filename: 'remoteEntry.js',
        library: { type: 'window', name: federationName },
        exposes: {
          './widget': { import: options.entry, name: EXPOSED_CHUNK },
          ...(process.env[DEV_HARNESS_ENV] === '1' ? { './dev-sdk': '@switchboard/widget-sdk' } : {}),
        },
        // In the page a widget takes its shared modules from the shell; alone in its sandboxed
        // iframe it bundles everything and shares nothing.
        shared: options.untrusted ? {} : inPageShared(),
      }),
      // Not in the dev harness's watch build: its `./dev-sdk` must stay the module copy the widget uses.
      ...(process.env[DEV_HARNESS_ENV] === '1' ? [] : [new ExposeInEntryPlugin(federationName)]),
      new FederationManifestPlugin(federationName),
      new NoOwnRuntimePlugin(),
      ...(options.firstLoadBudgetKiB ? [new FirstLoadBudgetPlugin(options.firstLoadBudgetKiB)] : []),
      new WidgetManifestPlugin(
        {
          name: options.name,
          version: pkg.version,
          federationName,
          entry: 'mf-manifest.json',
          exposedModule: './widget',
          mandatory: options.mandatory,
          hostContract: options.hostContract ?? HOST_CONTRACT_VERSION,
          ...(options.service ? { service: options.service } : {}),
          ...(options.services ? { services: options.services } : {}),
          ...(options.connect ? { connect: options.connect } : {}),
          ...(options.untrusted ? { untrusted: true } : {}),
          ...(options.emits ? { emits: options.emits } : {}),
          ...(options.listens ? { listens: options.listens } : {}),
          ...(options.settings ? { settings: options.settings } : {}),
          title: options.title,
        },
        WidgetManifestSchema,
      ),
    ],
    performance: { hints: false },
  };
}

module.exports = { DEV_HARNESS_ENV, devHarnessDir, inPageShared, shellShared, typescriptRule, widgetConfig, workspaceAliases };
