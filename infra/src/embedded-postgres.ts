import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Options of one embedded database. */
export interface EmbeddedPostgresOptions {
  /** Directory holding the database files; created on first start, reused afterwards. */
  dataDir: string;
  /** Loopback port to serve on; 0 (default) lets the OS pick one. */
  port?: number;
  /**
   * Connections served at once. PGlite is ONE PostgreSQL backend: pglite-socket multiplexes
   * connections onto it message by message (keeping a client's explicit transaction exclusive),
   * so session state (SET, prepared statements) is shared and concurrent extended-protocol
   * messages of two clients can interleave. Clients therefore use a pool of 1; the spare slots
   * only absorb a pool's reconnect and a developer's psql. Default 4.
   */
  maxConnections?: number;
}

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgres {
  /** postgres:// URL to hand to a client (pool size 1). */
  url: string;
  /** Closes connections and the database cleanly (checkpoint), so the data persists. Idempotent. */
  stop(): Promise<void>;
}

/** Starts PGlite on `dataDir` and serves it over the PostgreSQL wire protocol on 127.0.0.1. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 4,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  // The server keeps the OS-assigned port private; getServerConn() is its only public view.
  const port = Number(server.getServerConn().split(':').pop());
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () =>
      (stopping ??= (async () => {
        // Detaching a client rolls back its open transaction; close() waits for that to finish.
        await server.stop();
        await db.close();
      })()),
  };
}
