import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANDATORY_WIDGETS, type LayoutItem } from '@switchboard/contracts';
import { withSeedLock, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { directoryFiles } from '../publish/directory-files';

/** What to seed at start-up. */
export interface SeedOptions {
  /** Folders of built widgets (each a dist/ with widget.json), published and activated. */
  widgetDirs: string[];
  /** Create the email detail page's default layout when there is none. */
  layouts: boolean;
  /** The environment seeded versions are activated in. */
  environment: string;
}

/** What a seed did. */
export interface SeedResult {
  /** `name@version` of each build it published. */
  published: string[];
  /** Names of widgets it activated. */
  activated: string[];
  /** Whether it created the default layout. */
  defaultLayout: boolean;
}

/** Any fixed number shared by every replica, so that one seeds at a time. */
const SEED_LOCK = 0x72656773;

/** Who seeded versions are published by: an administrator of its own. */
const SEED_PUBLISHER: Caller = { sub: 'seed', userId: null, queues: [], teams: [], isAdmin: true, isService: true };

async function buildIdentity(dir: string): Promise<{ name: string; version: string }> {
  const file = path.join(dir, 'widget.json');
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  const { name, version } = (json ?? {}) as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') throw new Error(`${file} names no widget name and version`);
  return { name, version };
}

/**
 * Publishes each built widget unless its version exists, activates it when the widget has no
 * active version yet, and creates the default layout (Email, Tickets, then the other seeded
 * widgets) when asked and missing. Idempotent; the seed lock lets one replica seed at a time.
 * A broken build fails the seed, so the service does not start half-configured.
 */
export async function seedRegistry(app: FastifyInstance, options: SeedOptions): Promise<SeedResult> {
  const { versionsRepository, releasesRepository, layoutsRepository, publisher } = app;
  // The repositories work on `app.orm.em`, which inside this callback is the transaction holding the lock.
  return withSeedLock(app.orm.em.fork(), SEED_LOCK, async () => {
    const result: SeedResult = { published: [], activated: [], defaultLayout: false };
    const names: string[] = [];
    for (const dir of options.widgetDirs) {
      const build = await buildIdentity(dir);
      if (!(await versionsRepository.exists(build.name, build.version))) {
        await publisher.upload(SEED_PUBLISHER, build, directoryFiles(dir));
        result.published.push(`${build.name}@${build.version}`);
      }
      if (await releasesRepository.activateIfNone(build.name, options.environment, build.version)) result.activated.push(build.name);
      names.push(build.name);
    }
    if (options.layouts) {
      const page = 'email-detail';
      const [existing] = await layoutsRepository.find(page, [{ kind: 'default' }]);
      if (!existing) {
        const items: LayoutItem[] = [...new Set([...MANDATORY_WIDGETS, ...names])].map((widget) => ({ widget }));
        result.defaultLayout = (await layoutsRepository.save(page, { kind: 'default' }, items, 0)) !== null;
      }
    }
    return result;
  });
}

/** Seeds the registry when the app is ready (before it listens), so a broken build stops the start. */
export const registrySeedPlugin = fp(
  async (app: FastifyInstance, options: SeedOptions) => {
    app.addHook('onReady', async () => {
      app.log.info(await seedRegistry(app, options), 'seeded the registry');
    });
  },
  { name: 'registry-seed', dependencies: ['publisher', 'releases-repository', 'layouts-repository'] },
);
