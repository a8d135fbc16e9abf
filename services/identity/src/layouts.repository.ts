import type { EntityManager } from '@mikro-orm/postgresql';
import type { LayoutPage } from '@switchboard/contracts';
import { LayoutEntity, type LayoutRow } from './entities';

/** Reads page layouts; `em` may be the request-scoped one. */
export interface LayoutsRepository {
  /**
   * The layout that applies to a user: their own, else the first of their teams' (in the
   * order given), else the page default. Null when not even a default exists.
   */
  resolve(page: LayoutPage, userId: string, teamIds: string[]): Promise<LayoutRow | null>;
}

/** Creates the layouts repository over an EntityManager. */
export function createLayoutsRepository(em: EntityManager): LayoutsRepository {
  return {
    async resolve(page, userId, teamIds) {
      const rows = await em.find(LayoutEntity, {
        page,
        $or: [{ user: userId }, { team: { $in: teamIds } }, { user: null, team: null }],
      });
      const teamOf = (row: LayoutRow) => (row.team ? teamIds.indexOf(row.team.id) : -1);
      const own = rows.find((row) => row.user?.id === userId);
      const team = rows.filter((row) => teamOf(row) >= 0).sort((a, b) => teamOf(a) - teamOf(b))[0];
      const fallback = rows.find((row) => !row.user && !row.team);
      return own ?? team ?? fallback ?? null;
    },
  };
}
