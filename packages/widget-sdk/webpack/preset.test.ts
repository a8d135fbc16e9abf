import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import webpack, { type Configuration } from 'webpack';

// The preset is CommonJS for webpack configs; its types are not declared.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { shellShared, widgetConfig } = require('./preset.cjs') as {
  shellShared: () => Record<string, ShareConfig>;
  widgetConfig: (options: object) => Configuration & { plugins: object[] };
};

interface ShareConfig {
  singleton?: boolean;
  import?: string | false;
  shareKey?: string;
  version?: string;
}

interface FederationOptions {
  shared: Record<string, ShareConfig>;
  exposes: Record<string, string | { import: string; name: string }>;
}

/** The options the preset gives the Module Federation plugin of a widget's build. */
function federationOf(untrusted: boolean): FederationOptions {
  const config = widgetConfig({
    dir: path.resolve(__dirname, '../../../widgets/tickets'),
    name: 'tickets',
    entry: './src/widget.ts',
    mandatory: true,
    title: { en: 'Tickets', cs: 'Tikety' },
    ...(untrusted ? { untrusted: true } : {}),
  });
  const federation = config.plugins.find((plugin) => plugin instanceof webpack.container.ModuleFederationPlugin) as unknown as { options: FederationOptions };
  return federation.options;
}

const sharedOf = (untrusted: boolean) => federationOf(untrusted).shared;

/** What the shell provides to in-page widgets. */
const SHELL_MODULES = ['lit', '@lit/task', 'single-spa', '@switchboard/widget-sdk', '@switchboard/contracts'];

/** The `lit` package's manifest (it exports no `./package.json`). */
const litPackage = () => JSON.parse(readFileSync(path.resolve(__dirname, '../../../node_modules/lit/package.json'), 'utf8')) as { version: string; exports: Record<string, unknown> };

/**
 * Builds `options`' widget with the preset into a temporary folder (removed after) and answers the
 * build's stats as JSON, its `mf-manifest.json` (null when not emitted), its emitted files and
 * `remoteEntry.js` (empty when not emitted).
 */
async function buildWidget(options: object, json: webpack.StatsOptions): Promise<webpack.StatsCompilation & { federationManifest: unknown; files: string[]; entrySource: string }> {
  const out = mkdtempSync(path.join(tmpdir(), 'preset-build-'));
  const config = widgetConfig(options);
  try {
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack({ ...config, devtool: false, output: { ...config.output, path: out } }, (error, result) => (error || !result ? reject(error) : resolve(result))),
    );
    const read = (file: string) => (existsSync(path.join(out, file)) ? readFileSync(path.join(out, file), 'utf8') : null);
    const manifest = read('mf-manifest.json');
    return { ...stats.toJson(json), federationManifest: manifest && JSON.parse(manifest), files: readdirSync(out), entrySource: read('remoteEntry.js') ?? '' };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('widget preset shares', () => {
  it('takes Lit, @lit/task, single-spa, the SDK and the contracts from the shell in the page and bundles none of them', () => {
    const shared = sharedOf(false);
    for (const name of [...SHELL_MODULES, 'lit/']) expect(shared[name]).toMatchObject({ singleton: true, import: false });
  });

  it("takes the modules holding Lit's state from the shell also where a module of Lit reaches them by relative path", () => {
    const shared = sharedOf(false);
    const root = path.resolve(__dirname, '../../../node_modules');
    expect(shared[path.join(root, 'lit-html/lit-html.js')]).toMatchObject({ shareKey: 'lit-html', import: false });
    expect(shared[path.join(root, '@lit/reactive-element/reactive-element.js')]).toMatchObject({ shareKey: '@lit/reactive-element', import: false });
    expect(shared[path.join(root, 'lit-element/lit-element.js')]).toMatchObject({ shareKey: 'lit-element/lit-element.js', import: false });
  });

  it('shares nothing in a sandboxed iframe, which has no shell: it bundles its own Lit, SDK and contracts', () => {
    expect(sharedOf(true)).toEqual({});
  });

  it('has the shell provide every public module of lit by its file, and every other module an in-page widget takes from it', () => {
    const shell = shellShared();
    const lit = litPackage();
    for (const subpath of Object.keys(lit.exports).filter((subpath) => subpath !== './polyfill-support.js')) {
      const key = subpath === '.' ? 'lit' : `lit/${subpath.slice(2)}`;
      expect(shell[key]).toMatchObject({ singleton: true, shareKey: key, version: lit.version });
      expect(existsSync(shell[key]!.import as string)).toBe(true);
    }
    const provided = new Set(Object.entries(shell).map(([key, config]) => config.shareKey ?? key));
    for (const [key, config] of Object.entries(sharedOf(false)).filter(([key]) => !key.endsWith('/'))) expect(provided).toContain(config.shareKey ?? key);
  });

  it('builds an in-page widget (Tickets: Lit, a directive, @lit/task, the SDK) without a module of what the shell provides', async () => {
    const { errors, modules, federationManifest, files, entrySource } = await buildWidget(
      { dir: path.resolve(__dirname, '../../../widgets/tickets'), name: 'tickets', entry: './src/widget.ts', mandatory: true, title: { en: 'Tickets', cs: 'Tikety' } },
      { all: false, errors: true, modules: true, nestedModules: true },
    );
    expect(errors).toEqual([]);
    // Where the registry finds the entry; the widget's code is in it, so no first chunk follows.
    expect(federationManifest).toMatchObject({
      metaData: { remoteEntry: { name: 'remoteEntry.js', path: '' }, publicPath: 'auto' },
      exposes: [{ path: './widget', assets: { js: { sync: [], async: [] } } }],
    });
    expect(files.filter((file) => file.endsWith('.js'))).toEqual(['remoteEntry.js']);
    // Nor does the entry carry webpack's chunk loading: it has no chunk to fetch.
    expect(entrySource).not.toContain('webpackChunk');
    const bundled = (modules ?? []).flatMap((module) => [module, ...(module.modules ?? [])]).flatMap((module) => (module.nameForCondition ? [module.nameForCondition] : []));
    expect(bundled.some((file) => file.includes(`${path.sep}widgets${path.sep}tickets${path.sep}src${path.sep}`))).toBe(true);
    const provided = /[\\/](node_modules[\\/](lit|lit-html|lit-element|@lit[\\/][^\\/]+|single-spa)|shared-contracts[\\/]src|packages[\\/]widget-sdk[\\/]src)[\\/]/;
    expect(bundled.filter((file) => provided.test(file))).toEqual([]);
    const consumed = (modules ?? []).flatMap((module) => (module.name?.startsWith('consume shared module') ? [module.name] : []));
    expect(consumed).toEqual(expect.arrayContaining([expect.stringContaining('lit/directives/repeat.js'), expect.stringContaining('@lit/task')]));
  }, 180_000);
});

describe('widget preset runtime check', () => {
  it('fails the build of a widget that bundles a Module Federation runtime of its own', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'preset-runtime-'));
    const entry = path.join(dir, 'widget.js');
    writeFileSync(entry, `export * from ${JSON.stringify(require.resolve('@module-federation/runtime-core'))};\n`);
    try {
      const { errors } = await buildWidget(
        { dir: path.resolve(__dirname, '../../../e2e/fixtures/event-echo'), name: 'event-echo', entry, mandatory: false, title: { en: 'Echo', cs: 'Ozvěna' } },
        { all: false, errors: true },
      );
      expect((errors ?? []).map((error) => error.message)).toEqual([
        expect.stringMatching(/@module-federation[\\/]runtime-core[\\/].* is bundled: a widget must not bring a Module Federation runtime of its own$/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('widget preset exposes', () => {
  afterEach(() => {
    delete process.env.SWITCHBOARD_DEV_HARNESS;
  });

  it('exposes only the widget in a release build', () => {
    expect(federationOf(true).exposes).toEqual({ './widget': { import: './src/widget.ts', name: '__federation_expose_widget' } });
  });

  it("also exposes the SDK for the dev harness when npm run dev's watch build asks for it", () => {
    process.env.SWITCHBOARD_DEV_HARNESS = '1';
    expect(federationOf(true).exposes).toEqual({
      './widget': { import: './src/widget.ts', name: '__federation_expose_widget' },
      './dev-sdk': '@switchboard/widget-sdk',
    });
  });
});

describe('widget preset first-load budget', () => {
  /** Builds the event-echo fixture (a real webpack build, into a temporary folder) with `budgetKiB`; the build's errors. */
  async function buildErrors(budgetKiB: number): Promise<string[]> {
    const { errors } = await buildWidget(
      {
        dir: path.resolve(__dirname, '../../../e2e/fixtures/event-echo'),
        name: 'event-echo',
        entry: './src/widget.ts',
        mandatory: false,
        title: { en: 'Event echo', cs: 'Ozvěna událostí' },
        firstLoadBudgetKiB: budgetKiB,
      },
      { all: false, errors: true },
    );
    return (errors ?? []).map((error) => error.message);
  }

  it('fails a build whose remoteEntry.js and first chunks exceed the budget, naming the files and sizes', async () => {
    const [error, ...rest] = await buildErrors(1);
    expect(rest).toEqual([]);
    expect(error).toMatch(/^The first load of this widget is \d+\.\d KiB \(br\), over its budget of 1 KiB: remoteEntry\.js \d+\.\d$/);
  }, 120_000);
});
