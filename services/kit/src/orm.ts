import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM as PgMikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A migration class, listed explicitly so built code needs no file globbing. */
export type MigrationEntry = MigrationObject;

export interface OrmOptions {
  /** postgres:// URL of the server (real or embedded). */
  databaseUrl: string;
  /** The PostgreSQL schema this service owns; no other service touches it. */
  schema: string;
  /** Entity schemas from `defineEntity`. */
  entities: EntitySchema[];
  /** Migrations in the order they apply. */
  migrations: MigrationEntry[];
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's ORM; use `request`-scoped `orm.em` (forked per request). */
    orm: PgMikroORM;
  }
}

/**
 * A request's EntityManager, forked on first use rather than when the request starts: a route
 * that runs only raw statements over the shared connection (ticket search, `queryPrepared`)
 * never pays for a fork (about 6% of its CPU time under load).
 */
class RequestFork {
  private forked?: EntityManager;
  /** Forking resolves context itself (as before the request's context existed): it gets none. */
  private forking = false;

  constructor(private readonly root: EntityManager) {}

  get(name: string): EntityManager | undefined {
    if (name !== this.root.name || this.forking) return undefined;
    if (!this.forked) {
      this.forking = true;
      try {
        this.forked = this.root.fork({ useContext: true });
      } finally {
        this.forking = false;
      }
    }
    return this.forked;
  }
}

/** The fork of the request being handled (see ormPlugin). */
const requestFork = new AsyncLocalStorage<RequestFork>();

/** Whether the caller runs within a request's handling (its ORM context), not in background work such as relays and sweeps. */
export const inRequestContext = (): boolean => requestFork.getStore() !== undefined;

/** Opens the ORM and applies pending migrations, one replica at a time. */
export async function openOrm(options: OrmOptions): Promise<PgMikroORM> {
  const orm = await PgMikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
      silent: true,
    },
    pool: { min: 0, max: options.poolSize ?? 10 },
    allowGlobalContext: false,
    // `orm.em` inside a request is the request's fork (MikroORM's RequestContext, made lazy).
    context: (name) => requestFork.getStore()?.get(name),
    discovery: { warnWhenNoEntities: false },
    debug: false,
  });
  await migrateUnderLock(orm);
  return orm;
}

/** A raw pg connection, as knex makes them: enough to hold a lock. */
interface PgConnection {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/**
 * Applies pending migrations while holding the database's one migration lock (a session advisory
 * lock), taken on a connection of its own (outside the pool, which may hold one connection):
 * replicas starting at once on an empty database migrate one after another, and the later ones
 * find nothing to do. The lock is the same for every service, because what migrations create is
 * not always the schema's own: an extension is the database's, and two services creating
 * `unaccent` at once made one fail. Closing the connection releases the lock, also on failure.
 */
async function migrateUnderLock(orm: PgMikroORM): Promise<void> {
  const { client } = orm.em.getConnection().getKnex();
  const lock = (await client.acquireRawConnection()) as PgConnection;
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', ['switchboard:migrations']);
    await orm.getMigrator().up();
  } finally {
    await client.destroyRawConnection(lock);
  }
}

/** Decorates `app.orm`, forks the EntityManager per request (on its first use), closes on shutdown. */
export const ormPlugin = fp(
  async (app: FastifyInstance, options: OrmOptions) => {
    const orm = await openOrm(options);
    app.decorate('orm', orm);
    app.addHook('onRequest', (_request, _reply, done) => requestFork.run(new RequestFork(orm.em), done));
    app.addHook('onClose', async () => orm.close());
  },
  { name: 'switchboard-orm' },
);
