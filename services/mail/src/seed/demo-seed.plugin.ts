import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { seedDemoIfEmpty } from './demo-seed';
import { keepFillingDemoTicketCopies } from './demo-ticket-copies';

/**
 * At `onReady`, seeds the demo queues and emails (when mail has none) and starts filling their
 * ticket copies from tickets in the background; `preClose` stops the filling.
 */
export const demoSeedPlugin = fp(
  async (app: FastifyInstance) => {
    let filling: { stop(): Promise<void> } | undefined;
    app.addHook('onReady', async () => {
      const seeded = await seedDemoIfEmpty(app.orm.em.fork(), app.blobStore);
      if (seeded) app.log.info(seeded, 'seeded demo mail');
      filling = keepFillingDemoTicketCopies(() => app.orm.em.fork(), app.ticketsClient, app.log);
    });
    app.addHook('preClose', async () => filling?.stop());
  },
  { name: 'mail-demo-seed', dependencies: ['switchboard-orm'], decorators: { fastify: ['blobStore', 'ticketsClient'] } },
);
