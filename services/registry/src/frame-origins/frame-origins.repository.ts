import { FrameOriginErrorCode, frameOriginProblem, MAX_FRAME_ORIGINS, type FrameOriginList } from '@switchboard/contracts';
import { badRequest, conflict, notFound, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { adminRequired } from '../errors';

/** The Page-in-page allowlist (P1): read by anyone (the gateway), changed by admins. */
export interface FrameOriginsRepository {
  list(): Promise<FrameOriginList>;
  /** Allows an https origin (allowing one already allowed changes nothing); the list after. */
  add(caller: Caller, origin: string): Promise<FrameOriginList>;
  /** The list after; 404 for an origin not on it. */
  remove(caller: Caller, origin: string): Promise<FrameOriginList>;
}

declare module 'fastify' {
  interface FastifyInstance {
    frameOriginsRepository: FrameOriginsRepository;
  }
}

export function createFrameOriginsRepository(app: FastifyInstance): FrameOriginsRepository {
  const sql = <T>(query: string, params: unknown[] = []) => app.orm.em.execute<T[]>(query, params, 'all');
  const requireAdmin = (caller: Caller) => {
    if (!caller.isAdmin) throw adminRequired();
  };

  const list = async (): Promise<FrameOriginList> => {
    const rows = await sql<{ origin: string; added_at: Date }>('select origin, added_at from registry.frame_origin order by origin');
    return { items: rows.map((row) => ({ origin: row.origin, addedAt: new Date(row.added_at).toISOString() })) };
  };

  return {
    list,
    async add(caller, origin) {
      requireAdmin(caller);
      const problem = frameOriginProblem(origin);
      if (problem) throw badRequest(FrameOriginErrorCode.invalidFrameOrigin, `Not an https origin to frame: ${problem}`, { field: 'origin', value: origin });
      // One statement: the count and the insert see the same rows.
      const [added] = await sql<{ origin: string }>(
        `insert into registry.frame_origin (origin, added_by)
         select ?, ? where (select count(*) from registry.frame_origin) < ? or exists (select 1 from registry.frame_origin where origin = ?)
         on conflict (origin) do update set origin = excluded.origin returning origin`,
        [origin, caller.sub, MAX_FRAME_ORIGINS, origin],
      );
      if (!added) throw conflict(FrameOriginErrorCode.tooManyFrameOrigins, `At most ${MAX_FRAME_ORIGINS} sites may be allowed`);
      return list();
    },
    async remove(caller, origin) {
      requireAdmin(caller);
      const removed = await sql<{ origin: string }>('delete from registry.frame_origin where origin = ? returning origin', [origin]);
      if (removed.length === 0) throw notFound(FrameOriginErrorCode.frameOriginNotFound, `${origin} is not allowed`);
      return list();
    },
  };
}

export const frameOriginsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('frameOriginsRepository', createFrameOriginsRepository(app));
  },
  { name: 'frame-origins-repository', dependencies: ['switchboard-orm'] },
);
