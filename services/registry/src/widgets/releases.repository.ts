import type { Canary } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { noPreviousVersion } from '../errors';

/** What one widget serves in one environment. */
export interface Release {
  name: string;
  environment: string;
  active: string | null;
  /** Earlier active versions, newest first. */
  history: string[];
  canary: Canary | null;
}

/** How many earlier active versions are kept for rollback. */
export const HISTORY_LIMIT = 20;

/** The per-environment pointers: active version, rollback history, canary. */
export interface ReleasesRepository {
  /** The release of one widget, or an empty one. */
  get(name: string, environment: string): Promise<Release>;
  /** Every release row of an environment. */
  all(environment: string): Promise<Release[]>;
  /**
   * Makes `version` active and pushes the one it replaces onto the history. Activating the
   * canary's candidate ends the canary. Activating the active version changes nothing.
   */
  activate(name: string, environment: string, version: string): Promise<Release>;
  /** Returns to the newest earlier version, dropping it from the history; 409 NO_PREVIOUS_VERSION when none. */
  rollback(name: string, environment: string): Promise<Release>;
  /** Sets (or with null clears) the canary. */
  setCanary(name: string, environment: string, canary: Canary | null): Promise<Release>;
  /** Activates `version` when the widget has no active version yet; true when it did. */
  activateIfNone(name: string, environment: string, version: string): Promise<boolean>;
}

type ReleaseRow = { name: string; environment: string; active_version: string | null; history: string[]; canary: Canary | null };

const toRelease = (row: ReleaseRow): Release => ({
  name: row.name,
  environment: row.environment,
  active: row.active_version,
  history: row.history,
  canary: row.canary,
});

const empty = (name: string, environment: string): Release => ({ name, environment, active: null, history: [], canary: null });

declare module 'fastify' {
  interface FastifyInstance {
    /** Active versions, rollback history and canaries per environment. */
    releasesRepository: ReleasesRepository;
  }
}

/** Creates the repository over `app.orm.em`: the request's fork, or the transaction it runs in. */
export function createReleasesRepository(app: FastifyInstance): ReleasesRepository {
  const { em } = app.orm;
  /** Runs `change` on the locked release row (created if missing) and stores what it returns. */
  const update = (name: string, environment: string, change: (current: Release) => Release) =>
    em.transactional(async (tx) => {
      await tx.execute(
        'insert into registry.widget_release (name, environment) values (?, ?) on conflict do nothing',
        [name, environment],
        'run',
      );
      const [row] = await tx.execute<ReleaseRow[]>(
        'select * from registry.widget_release where name = ? and environment = ? for update',
        [name, environment],
      );
      const next = change(toRelease(row));
      await tx.execute(
        `update registry.widget_release
         set active_version = ?, history = array[?]::text[], canary = ?::jsonb, updated_at = now()
         where name = ? and environment = ?`,
        [next.active, next.history, next.canary ? JSON.stringify(next.canary) : null, name, environment],
        'run',
      );
      return next;
    });

  return {
    async get(name, environment) {
      const [row] = await em.execute<ReleaseRow[]>(
        'select * from registry.widget_release where name = ? and environment = ?',
        [name, environment],
      );
      return row ? toRelease(row) : empty(name, environment);
    },

    async all(environment) {
      const rows = await em.execute<ReleaseRow[]>('select * from registry.widget_release where environment = ?', [environment]);
      return rows.map(toRelease);
    },

    activate: (name, environment, version) =>
      update(name, environment, (current) => {
        if (current.active === version) return current;
        const history = current.active ? [current.active, ...current.history].slice(0, HISTORY_LIMIT) : current.history;
        const canary = current.canary?.version === version ? null : current.canary;
        return { ...current, active: version, history, canary };
      }),

    rollback: (name, environment) =>
      update(name, environment, (current) => {
        const [previous, ...older] = current.history;
        if (!previous) throw noPreviousVersion(name, environment);
        return { ...current, active: previous, history: older };
      }),

    setCanary: (name, environment, canary) => update(name, environment, (current) => ({ ...current, canary })),

    async activateIfNone(name, environment, version) {
      let activated = false;
      await update(name, environment, (current) => {
        if (current.active) return current;
        activated = true;
        return { ...current, active: version };
      });
      return activated;
    },
  };
}

/** Decorates `app.releasesRepository`. */
export const releasesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('releasesRepository', createReleasesRepository(app));
  },
  { name: 'releases-repository', dependencies: ['switchboard-orm'] },
);
