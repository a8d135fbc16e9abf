import { randomUUID } from 'node:crypto';
import { UUID_PATTERN, type AccessTokenClaims } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SessionEntity } from './entities';
import { sessionEnded } from './errors';

/** Server-side sessions: started at login, checked on every use, ended by logout or an admin. */
export interface SessionsRepository {
  /** Starts a session of the user that lasts `ttlSeconds`; forgets the user's expired ones. */
  start(userId: string, ttlSeconds: number): Promise<{ id: string; expiresAt: Date }>;
  /** 401 unless the claims name a live, unexpired session of their subject. */
  requireLive(claims: AccessTokenClaims): Promise<void>;
  /** Ends one session (logout); a session that is already gone is fine. */
  end(sessionId: string): Promise<void>;
  /** Ends every session of the user ("sign out everywhere"); answers how many ended. */
  endAllOf(userId: string): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live sessions. */
    sessionsRepository: SessionsRepository;
  }
}

/** Creates the sessions repository over `app.orm.em` (the request's fork). */
export function createSessionsRepository(app: FastifyInstance): SessionsRepository {
  const { em } = app.orm;
  return {
    async start(userId, ttlSeconds) {
      const now = new Date();
      await em.nativeDelete(SessionEntity, { userId, expiresAt: { $lte: now } });
      const session = { id: randomUUID(), userId, createdAt: now, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
      // A native insert: nothing else pending in the request's unit of work gets flushed with it.
      await em.insert(SessionEntity, session);
      return { id: session.id, expiresAt: session.expiresAt };
    },

    async requireLive({ sid, sub }) {
      // Anything but uuids (a service's `sub`, a forged `sid`) never reaches a uuid column.
      if (!sid || !UUID_PATTERN.test(sid) || !UUID_PATTERN.test(sub)) throw sessionEnded();
      const live = await em.count(SessionEntity, { id: sid, userId: sub.toLowerCase(), expiresAt: { $gt: new Date() } });
      if (live === 0) throw sessionEnded();
    },

    async end(sessionId) {
      if (UUID_PATTERN.test(sessionId)) await em.nativeDelete(SessionEntity, { id: sessionId });
    },

    endAllOf: (userId) => em.nativeDelete(SessionEntity, { userId }),
  };
}

/**
 * Decorates `app.sessionsRepository` and checks the session on every route that needs one, after
 * the kit's auth hook has verified the token: a signed session token alone is not enough.
 */
export const sessionsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    const repository = createSessionsRepository(app);
    app.decorate('sessionsRepository', repository);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config?.public || request.is404) return;
      await repository.requireLive(request.auth);
    });
  },
  { name: 'sessions-repository', dependencies: ['switchboard-orm', 'switchboard-auth'] },
);
