import type { EntityManager } from '@mikro-orm/postgresql';

/** A pg client as knex hands it out: enough to run a named statement. */
interface PgClient {
  query<Row>(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: Row[] }>;
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
 * `name` null runs it unnamed, planned at each call for the tables as they are then (decision
 * 0022): for a batch statement (one call for many items) that finds rows by key in tables that
 * grow, whose cached generic plan, made while a table was small, would go on scanning it.
 *
 * Embedded PostgreSQL (PGlite) is one backend session shared by every connection, so a second
 * connection finds the name taken; the statement then runs unnamed, as any other query.
 */
export async function queryPrepared<Row>(em: EntityManager, name: string | null, text: string, values: unknown[]): Promise<Row[]> {
  const { client } = em.getConnection().getKnex();
  const connection = (await client.acquireConnection()) as PgClient;
  try {
    try {
      return (await connection.query<Row>(name === null ? { text, values } : { name, text, values })).rows;
    } catch (error) {
      if (!isDuplicatePrepared(error)) throw error;
      return (await connection.query<Row>({ text, values })).rows;
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Runs one statement of a `transactionPrepared` transaction: named prepared, or unnamed (planned at this call) when `name` is null, as in `queryPrepared`. */
export type PreparedQuery = <Row>(name: string | null, text: string, values: unknown[]) => Promise<Row[]>;

/** `?` placeholders as `$1`, `$2`, ... (for statements written for the ORM's `execute`). */
export const numberedParameters = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * Runs `work` in one transaction on a connection of the pool, without the ORM's unit of work;
 * each of its statements a named prepared statement or, with a null name, unnamed (see
 * queryPrepared): for a transaction the service runs many times a second. Commits when `work`
 * resolves, rolls back when it throws. `work` may run twice: on embedded PostgreSQL a name taken by
 * another connection aborts the transaction, which then runs again with unnamed statements.
 */
export async function transactionPrepared<T>(em: EntityManager, work: (query: PreparedQuery) => Promise<T>): Promise<T> {
  const { client } = em.getConnection().getKnex();
  const connection = (await client.acquireConnection()) as PgClient;
  const run = async (named: boolean) => {
    await connection.query({ text: 'begin' });
    try {
      const result = await work(
        async <Row>(name: string | null, text: string, values: unknown[]) => (await connection.query<Row>(named && name !== null ? { name, text, values } : { text, values })).rows,
      );
      await connection.query({ text: 'commit' });
      return result;
    } catch (error) {
      await connection.query({ text: 'rollback' }).catch(() => undefined);
      throw error;
    }
  };
  try {
    try {
      return await run(true);
    } catch (error) {
      if (!isDuplicatePrepared(error)) throw error;
      return await run(false);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
