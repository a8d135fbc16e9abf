import type { MailQueueList } from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { callerQueues } from './queue-access';

/** The queues an agent sends through (M2, E2). */
export interface QueuesRepository {
  /** The caller's queues mail knows, by name; SMTP settings never leave the service. */
  list(caller: UserCaller): Promise<MailQueueList>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Mail queues, bound to the request's EntityManager. */
    queuesRepository: QueuesRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createQueuesRepository(app: FastifyInstance): QueuesRepository {
  return {
    async list(caller) {
      const queues = await callerQueues(app.orm.em, caller);
      return { items: queues.map((q) => ({ id: q.id, name: q.name, fromAddress: q.fromAddress })) };
    },
  };
}

/** Decorates `app.queuesRepository`. */
export const queuesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('queuesRepository', createQueuesRepository(app));
  },
  { name: 'mail-queues-repository', dependencies: ['switchboard-orm'] },
);
