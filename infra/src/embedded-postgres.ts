import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { startPgliteWireServer } from './pg-wire/pglite-wire-server';

/** Options of one embedded database. */
export interface EmbeddedPostgresOptions {
  /** Directory holding the database files; created on first start, reused afterwards. */
  dataDir: string;
  /** Loopback port to serve on; 0 (default) lets the OS pick one. */
  port?: number;
  /**
   * Connections served at once. PGlite is ONE PostgreSQL backend: the wire server runs one
   * client's request cycle at a time and keeps an open transaction exclusive to its client, but
   * session state (SET, prepared statements) is shared, so each client process uses a pool of 1.
   * The spare slots absorb a pool's reconnect and a developer's psql. Default 8.
   */
  maxConnections?: number;
}

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgres {
  /** postgres:// URL to hand to a client (pool size 1 per process). */
  url: string;
  /** Drops connections (rolling back their open transactions) and closes the database cleanly, so the data persists. Idempotent. */
  stop(): Promise<void>;
}

/** Starts PGlite on `dataDir` (with unaccent and pg_trgm) and serves it over the PostgreSQL wire protocol on 127.0.0.1. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  await mkdir(options.dataDir, { recursive: true });
  // Contrib extensions a service may `create extension` (the CRM's search): PGlite can create only
  // those it was opened with. Loading them costs no measurable start-up time.
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { unaccent, pg_trgm } });
  let server;
  try {
    server = await startPgliteWireServer({ db, port: options.port ?? 0, maxConnections: options.maxConnections ?? 8 });
  } catch (error) {
    await db.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${server.port}/postgres`,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await db.close();
      })()),
  };
}
