import type { EntityManager } from '@mikro-orm/postgresql';

/** A pg client as knex hands it out: enough to run a named statement. */
interface PgClient {
  query<Row>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/**
 * A read the service runs on every request, as a named prepared statement: PostgreSQL parses
 * and plans it once per pooled connection instead of once per call (planning cost more than
 * executing the CRM's match). `text` uses `$1`-style parameters; `name` must be unique per
 * text within the service. Runs outside any transaction of `em`, on a connection of its pool.
 */
export async function queryPrepared<Row>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const { client } = em.getConnection().getKnex();
  const connection = (await client.acquireConnection()) as PgClient;
  try {
    return (await connection.query<Row>({ name, text, values })).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}
