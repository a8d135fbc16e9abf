import { openOrm, requireEnv } from '@switchboard/service-kit';
import { crmEntities } from './entities';
import { crmMigrations } from './migrations';
import { seedDemoIfEmpty } from './seed/demo-seed';

// `npm run seed -w services/crm`: migrates DATABASE_URL and seeds the demo if it has no contacts.
async function main(): Promise<void> {
  const orm = await openOrm({
    databaseUrl: requireEnv('DATABASE_URL'),
    schema: 'crm',
    entities: crmEntities,
    migrations: crmMigrations,
    poolSize: 1,
  });
  try {
    const seeded = await seedDemoIfEmpty(orm.em.fork());
    console.warn(seeded ? `seeded ${JSON.stringify(seeded)}` : 'contacts exist already; nothing seeded');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
