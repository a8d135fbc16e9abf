import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO, type LayoutItem } from '@switchboard/contracts';
import { ORDER_LOOKUP_DIST } from '../../e2e/support/email-page';
import { RegistryApi } from '../../e2e/support/registry';
import { REPO_ROOT } from '../../infra/src/paths';
import { startIsolatedPlatform } from '../../infra/src/testing/isolated-platform';

/** The two builds of the shell the bench compares. */
export type Build = 'federated' | 'monolith';

/** Where the monolithic shell is built (ignored by git like every `dist/`). */
const MONOLITH_DIR = join(__dirname, 'monolith');
const MONOLITH_DIST = join(MONOLITH_DIR, 'dist');

/** What `npm run build` leaves behind and this bench needs. */
const REQUIRED_BUILDS = [
  'shell/dist/index.html',
  'widgets/email/dist/widget.json',
  'widgets/tickets/dist/widget.json',
  'examples/order-lookup/dist/widget.json',
  ...['identity', 'tickets', 'mail', 'registry'].map((service) => `services/${service}/dist/server.js`),
];

/** Throws, naming what is missing, unless `npm run build` has been run. */
export function checkBuilt(): void {
  const missing = REQUIRED_BUILDS.filter((path) => !existsSync(join(REPO_ROOT, path)));
  if (missing.length > 0) throw new Error(`Missing builds (run \`npm run build\` first): ${missing.join(', ')}`);
}

/** Builds the monolithic shell from the shell's sources (monolith/webpack.config.js) and returns its folder. */
export function buildMonolith(): string {
  const webpack = join(REPO_ROOT, 'node_modules', '.bin', 'webpack');
  execFileSync(webpack, ['--config', join(MONOLITH_DIR, 'webpack.config.js'), '--stats', 'errors-warnings'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return MONOLITH_DIST;
}

/** The agent's layout of the email detail page a measurement runs with. */
export type LayoutName = 'email+tickets' | '+order-lookup' | 'first-party';

/** Every first-party widget the demo publishes, in the demo's order (the bench's monolith compiles each in). */
export const FIRST_PARTY_WIDGETS = ['email', 'tickets', 'contacts', 'companies', 'articles', 'calendar', 'templates', 'page-in-page'];

const LAYOUTS: Record<LayoutName, LayoutItem[]> = {
  'email+tickets': [{ widget: 'email' }, { widget: 'tickets' }, { widget: 'order-lookup', hidden: true }],
  '+order-lookup': [{ widget: 'email' }, { widget: 'tickets' }, { widget: 'order-lookup' }],
  'first-party': [...FIRST_PARTY_WIDGETS.map((widget) => ({ widget })), { widget: 'order-lookup', hidden: true }],
};

/** The widgets a layout shows, i.e. the `sb:widget-ready:<name>` marks its page must set. */
export const shownWidgets = (layout: LayoutName): string[] => LAYOUTS[layout].filter((item) => !item.hidden).map((item) => item.widget);

/** A platform serving one build of the shell, with every widget published and active. */
export interface BenchPlatform {
  build: Build;
  shellUrl: string;
  widgetOrigin: string;
  /** Saves the agent's own layout (`PUT /api/registry/pages/email-detail/layout`) unless it is the current one. */
  useLayout(layout: LayoutName): Promise<void>;
  /** Stops the platform, drops its database and deletes its files. */
  stop(): Promise<void>;
}

/**
 * Starts the whole platform on a fresh database and free ports, serving `shellDir`; the seed
 * publishes email and tickets, and order-lookup is published and activated here as an admin.
 */
export async function startBenchPlatform(build: Build, shellDir: string): Promise<BenchPlatform> {
  const { platform, teardown: stop } = await startIsolatedPlatform('bench', { shellDir });
  const { shellUrl, widgetOrigin } = platform;
  try {
    const admin = await RegistryApi.as(shellUrl, DEMO.users.admin.email);
    const published = await admin.publishDist(ORDER_LOOKUP_DIST);
    await admin.activate(published.name, published.version);
    let current: LayoutName | undefined;
    return {
      build,
      shellUrl,
      widgetOrigin,
      useLayout: async (layout) => {
        if (layout === current) return;
        // A registry token lives 5 minutes, the bench longer: sign in for each save.
        const agent = await RegistryApi.as(shellUrl, DEMO.users.agent.email);
        await agent.saveLayout(LAYOUTS[layout]);
        current = layout;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
