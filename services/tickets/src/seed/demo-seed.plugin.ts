import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { seedDemoIfEmpty } from './demo-seed';

/** At `onReady`, seeds the demo tickets when there are none. */
export const demoSeedPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onReady', async () => {
      const seeded = await seedDemoIfEmpty(app.orm.em.fork());
      if (seeded) app.log.info(seeded, 'seeded demo tickets');
    });
  },
  { name: 'tickets-demo-seed', dependencies: ['switchboard-orm'] },
);
