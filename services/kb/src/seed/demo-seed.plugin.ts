import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { seedDemoIfEmpty } from './demo-seed';

/** Seeds the demo once the app is ready, when there are no articles. */
export const demoSeedPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onReady', async () => {
      const seeded = await seedDemoIfEmpty(app.orm.em.fork());
      if (seeded) app.log.info(seeded, 'seeded the demo knowledge base');
    });
  },
  { name: 'kb-demo-seed', dependencies: ['switchboard-orm'] },
);
