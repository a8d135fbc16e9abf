import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModuleFederationPlugin } from '@module-federation/enhanced/webpack';
import webpack, { type Configuration } from 'webpack';

// The preset is CommonJS for webpack configs; its types are not declared.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { widgetConfig } = require('./preset.cjs') as { widgetConfig: (options: object) => Configuration & { plugins: object[] } };

interface FederationOptions {
  shared: Record<string, { singleton?: boolean }>;
  exposes: Record<string, string>;
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
  const federation = config.plugins.find((plugin) => plugin instanceof ModuleFederationPlugin) as unknown as { _options: FederationOptions };
  return federation._options;
}

const sharedOf = (untrusted: boolean) => federationOf(untrusted).shared;

describe('widget preset shares', () => {
  it('takes the SDK and the contracts from the shell in the page, like Lit', () => {
    const shared = sharedOf(false);
    for (const name of ['@switchboard/widget-sdk', '@switchboard/contracts', 'lit']) expect(shared[name]).toMatchObject({ singleton: true });
  });

  it('bundles its own SDK and contracts in a sandboxed iframe, which has no shell', () => {
    const shared = sharedOf(true);
    expect(shared).not.toHaveProperty(['@switchboard/widget-sdk']);
    expect(shared).not.toHaveProperty(['@switchboard/contracts']);
    expect(shared.lit).toMatchObject({ singleton: true });
  });
});

describe('widget preset exposes', () => {
  afterEach(() => {
    delete process.env.SWITCHBOARD_DEV_HARNESS;
  });

  it('exposes only the widget in a release build', () => {
    expect(Object.keys(federationOf(true).exposes)).toEqual(['./widget']);
  });

  it("also exposes the SDK for the dev harness when npm run dev's watch build asks for it", () => {
    process.env.SWITCHBOARD_DEV_HARNESS = '1';
    expect(federationOf(true).exposes).toEqual({ './widget': './src/widget.ts', './dev-sdk': '@switchboard/widget-sdk' });
  });
});

describe('widget preset first-load budget', () => {
  /** Builds the event-echo fixture (a real webpack build, into a temporary folder) with `budgetKiB`; the build's errors. */
  async function buildErrors(budgetKiB: number): Promise<string[]> {
    const out = mkdtempSync(path.join(tmpdir(), 'preset-budget-'));
    const config = widgetConfig({
      dir: path.resolve(__dirname, '../../../e2e/fixtures/event-echo'),
      name: 'event-echo',
      entry: './src/widget.ts',
      mandatory: false,
      title: { en: 'Event echo', cs: 'Ozvěna událostí' },
      firstLoadBudgetKiB: budgetKiB,
    });
    try {
      const stats = await new Promise<webpack.Stats>((resolve, reject) =>
        webpack({ ...config, devtool: false, output: { ...config.output, path: out } }, (error, result) => (error || !result ? reject(error) : resolve(result))),
      );
      return (stats.toJson({ all: false, errors: true }).errors ?? []).map((error) => error.message);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  it('fails a build whose remoteEntry.js and first chunks exceed the budget, naming the files and sizes', async () => {
    const [error, ...rest] = await buildErrors(1);
    expect(rest).toEqual([]);
    expect(error).toMatch(/^The first load of this widget is \d+\.\d KiB \(br\), over its budget of 1 KiB: remoteEntry\.js \d+\.\d, __federation_expose_widget\.[0-9a-f]{8}\.js \d+\.\d$/);
  }, 120_000);
});
