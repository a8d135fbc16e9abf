import { openOrm, requireEnv } from '@switchboard/service-kit';
import { kbMigrations } from './migrations';
import { seedDemoIfEmpty } from './seed/demo-seed';

// `npm run seed -w services/kb`: migrates DATABASE_URL and seeds the demo if it has no articles.
async function main(): Promise<void> {
  const orm = await openOrm({ databaseUrl: requireEnv('DATABASE_URL'), schema: 'kb', entities: [], migrations: kbMigrations, poolSize: 1 });
  try {
    const seeded = await seedDemoIfEmpty(orm.em.fork());
    console.warn(seeded ? `seeded ${JSON.stringify(seeded)}` : 'articles exist already; nothing seeded');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
