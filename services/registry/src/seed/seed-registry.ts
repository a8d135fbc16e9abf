import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MANDATORY_WIDGETS, type LayoutItem } from '@switchboard/contracts';
import { directoryFiles } from '../publish/directory-files';
import { createRegistry, type RegistryConfig } from '../registry';

/** What to seed at start-up. */
export interface SeedOptions {
  /** Folders of built widgets (each a dist/ with widget.json), published and activated. */
  widgetDirs: string[];
  /** Create the email detail page's default layout when there is none. */
  layouts: boolean;
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

/** Who seeded versions are published by. */
export const SEED_PUBLISHER = 'seed';

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
 * widgets) when asked and missing. Idempotent; an advisory lock lets one replica seed at a time.
 * A broken build fails the seed, so the service does not start half-configured.
 */
export async function seedRegistry(em: EntityManager, config: RegistryConfig, options: SeedOptions): Promise<SeedResult> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?)', [SEED_LOCK]);
    const registry = createRegistry(tx, config);
    const result: SeedResult = { published: [], activated: [], defaultLayout: false };
    const names: string[] = [];
    for (const dir of options.widgetDirs) {
      const build = await buildIdentity(dir);
      if (!(await registry.versions.exists(build.name, build.version))) {
        await registry.publisher.upload(build, directoryFiles(dir), SEED_PUBLISHER);
        result.published.push(`${build.name}@${build.version}`);
      }
      if (await registry.releases.activateIfNone(build.name, config.environment, build.version)) result.activated.push(build.name);
      names.push(build.name);
    }
    if (options.layouts) {
      const page = 'email-detail';
      const [existing] = await registry.layouts.find(page, [{ kind: 'default' }]);
      if (!existing) {
        const items: LayoutItem[] = [...new Set([...MANDATORY_WIDGETS, ...names])].map((widget) => ({ widget }));
        result.defaultLayout = (await registry.layouts.save(page, { kind: 'default' }, items, 0)) !== null;
      }
    }
    return result;
  });
}
