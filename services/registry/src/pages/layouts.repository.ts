import { randomUUID } from 'node:crypto';
import type { LayoutItem, LayoutPage } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Whose layout row: a user's, a team's, or the page default. */
export type LayoutOwner = { kind: 'user'; userId: string } | { kind: 'team'; teamId: string } | { kind: 'default' };

/** A stored layout. */
export interface LayoutRow {
  owner: LayoutOwner;
  items: LayoutItem[];
  version: number;
}

/** Page layouts per user, per team and per page. */
export interface LayoutsRepository {
  /** The rows of these owners that exist, in the order asked. */
  find(page: LayoutPage, owners: LayoutOwner[]): Promise<LayoutRow[]>;
  /**
   * Writes the owner's row if its version is still `expectedVersion` (0: no row yet), in one
   * statement, so of two saves from the same version one wins. The new version, or null when
   * the row moved on (or appeared) meanwhile.
   */
  save(page: LayoutPage, owner: LayoutOwner, items: LayoutItem[], expectedVersion: number): Promise<number | null>;
  /** Deletes the owner's row, if any. */
  remove(page: LayoutPage, owner: LayoutOwner): Promise<void>;
}

type Row = { user_id: string | null; team_id: string | null; items: LayoutItem[]; version: number };

/** SQL condition and parameters selecting one owner's row. */
function ownerCondition(owner: LayoutOwner): [string, unknown[]] {
  if (owner.kind === 'user') return ['user_id = ?', [owner.userId]];
  if (owner.kind === 'team') return ['team_id = ?', [owner.teamId]];
  return ['user_id is null and team_id is null', []];
}

function ownerOf(row: Row): LayoutOwner {
  if (row.user_id) return { kind: 'user', userId: row.user_id };
  if (row.team_id) return { kind: 'team', teamId: row.team_id };
  return { kind: 'default' };
}

const sameOwner = (a: LayoutOwner, b: LayoutOwner) =>
  (a.kind === 'user' && b.kind === 'user' && a.userId === b.userId) ||
  (a.kind === 'team' && b.kind === 'team' && a.teamId === b.teamId) ||
  (a.kind === 'default' && b.kind === 'default');

declare module 'fastify' {
  interface FastifyInstance {
    /** Layout rows of users, teams and page defaults. */
    layoutsRepository: LayoutsRepository;
  }
}

/** Creates the repository over `app.orm.em`: the request's fork, or the transaction it runs in. */
export function createLayoutsRepository(app: FastifyInstance): LayoutsRepository {
  const { em } = app.orm;
  return {
    async find(page, owners) {
      if (owners.length === 0) return [];
      const conditions = owners.map(ownerCondition);
      const rows = await em.execute<Row[]>(
        `select user_id, team_id, items, version from registry.layout
         where page = ? and (${conditions.map(([sql]) => `(${sql})`).join(' or ')})`,
        [page, ...conditions.flatMap(([, params]) => params)],
      );
      const found = rows.map((row) => ({ owner: ownerOf(row), items: row.items, version: row.version }));
      return owners.flatMap((owner) => found.filter((row) => sameOwner(row.owner, owner)));
    },

    async save(page, owner, items, expectedVersion) {
      const json = JSON.stringify(items);
      if (expectedVersion === 0) {
        const inserted = await em.execute<{ version: number }[]>(
          `insert into registry.layout (id, page, user_id, team_id, items, version)
           values (?, ?, ?, ?, ?::jsonb, 1) on conflict do nothing returning version`,
          [
            randomUUID(),
            page,
            owner.kind === 'user' ? owner.userId : null,
            owner.kind === 'team' ? owner.teamId : null,
            json,
          ],
        );
        return inserted[0]?.version ?? null;
      }
      const [condition, params] = ownerCondition(owner);
      const updated = await em.execute<{ version: number }[]>(
        `update registry.layout set items = ?::jsonb, version = version + 1, updated_at = now()
         where page = ? and ${condition} and version = ? returning version`,
        [json, page, ...params, expectedVersion],
      );
      return updated[0]?.version ?? null;
    },

    async remove(page, owner) {
      const [condition, params] = ownerCondition(owner);
      await em.execute(`delete from registry.layout where page = ? and ${condition}`, [page, ...params], 'run');
    },
  };
}

/** Decorates `app.layoutsRepository`. */
export const layoutsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('layoutsRepository', createLayoutsRepository(app));
  },
  { name: 'layouts-repository', dependencies: ['switchboard-orm'] },
);
