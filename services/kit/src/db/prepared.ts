import type { EntityManager } from '@mikro-orm/postgresql';

/** A pg client as knex hands it out: enough to run a named statement. */
interface PgClient {
  query<Row>(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/** SQLSTATE of PREPARE under a name the session has already. */
const DUPLICATE_PREPARED_STATEMENT = '42P05';

const isDuplicatePrepared = (error: unknown) => (error as { code?: unknown } | null)?.code === DUPLICATE_PREPARED_STATEMENT;

/**
 * A read the service runs on every request, as a named prepared statement: PostgreSQL parses
 * and plans it once per pooled connection instead of once per call (planning cost more than
 * executing the CRM's match). `text` uses `$1`-style parameters; `name` must be unique per
 * text within the service. Runs outside any transaction of `em`, on a connection of its pool.
 *
 * Embedded PostgreSQL (PGlite) is one backend session shared by every connection, so a second
 * connection finds the name taken; the statement then runs unnamed, as any other query.
 */
export async function queryPrepared<Row>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const { client } = em.getConnection().getKnex();
  const connection = (await client.acquireConnection()) as PgClient;
  try {
    try {
      return (await connection.query<Row>({ name, text, values })).rows;
    } catch (error) {
      if (!isDuplicatePrepared(error)) throw error;
      return (await connection.query<Row>({ text, values })).rows;
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
