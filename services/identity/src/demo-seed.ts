import type { EntityName, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  EmailQueueEntity,
  QueueMemberEntity,
  TeamEntity,
  TeamMemberEntity,
  UserEntity,
} from './entities';
import { hashPassword } from './passwords';

/**
 * Seeds the identity part of the demo (ids from `DEMO`): the agent (team Support, queue Support),
 * the billing agent (team Billing, queue Billing), the admin (team Support, queues Support and
 * Billing), password `demo`.
 * Idempotent and safe for replicas seeding at once: every insert skips rows that exist.
 */
export async function seedDemoData(em: EntityManager): Promise<void> {
  const { users, teams, queues, password } = DEMO;
  const existing = new Set((await em.fork().find(UserEntity, { id: [users.agent.id, users.admin.id, users.billing.id] })).map((u) => u.id));
  const demoUsers = [
    { ...users.agent, role: 'agent' as const },
    { ...users.admin, role: 'admin' as const },
    { ...users.billing, role: 'agent' as const },
  ].filter((user) => !existing.has(user.id));
  const userRows = await Promise.all(
    demoUsers.map(async (user) => ({ ...user, email: user.email.toLowerCase(), locale: 'en' as const, passwordHash: await hashPassword(password) })),
  );

  await em.fork().transactional(async (tx) => {
    const insert = async <T extends object>(entity: EntityName<T>, rows: RequiredEntityData<T>[]) => {
      if (rows.length) await tx.createQueryBuilder(entity).insert(rows).onConflict().ignore().execute();
    };
    await insert(UserEntity, userRows);
    await insert(TeamEntity, [teams.support, teams.billing]);
    await insert(TeamMemberEntity, [
      { team: teams.support.id, user: users.agent.id },
      { team: teams.support.id, user: users.admin.id },
      { team: teams.billing.id, user: users.billing.id },
    ]);
    await insert(EmailQueueEntity, [queues.support, queues.billing]);
    await insert(QueueMemberEntity, [
      { queue: queues.support.id, user: users.agent.id },
      { queue: queues.support.id, user: users.admin.id },
      { queue: queues.billing.id, user: users.admin.id },
      { queue: queues.billing.id, user: users.billing.id },
    ]);
  });
}

/** Seeds the demo when the app gets ready, if there are no users yet. */
export const demoSeedPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onReady', async () => {
      if ((await app.orm.em.fork().count(UserEntity)) > 0) return;
      await seedDemoData(app.orm.em);
      app.log.info('seeded demo data');
    });
  },
  { name: 'demo-seed', dependencies: ['switchboard-orm'] },
);
