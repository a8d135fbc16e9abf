import { openOrm, requireEnv } from '@switchboard/service-kit';
import { ticketsEntities } from './entities';
import { ticketsMigrations } from './migrations';
import { seedDemoIfEmpty } from './seed/demo-seed';

// `npm run seed -w services/tickets`: migrates DATABASE_URL and seeds the demo if it has no tickets.
async function main(): Promise<void> {
  const orm = await openOrm({
    databaseUrl: requireEnv('DATABASE_URL'),
    schema: 'tickets',
    entities: ticketsEntities,
    migrations: ticketsMigrations,
    poolSize: 1,
  });
  try {
    const seeded = await seedDemoIfEmpty(orm.em.fork());
    console.warn(seeded ? `seeded ${JSON.stringify(seeded)}` : 'tickets exist already; nothing seeded');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
