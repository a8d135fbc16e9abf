import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Runs `sql` (`?` placeholders) in `em`'s transaction, if it has one, and answers its rows. Unlike
 * the ORM's `execute`, which writes each parameter into the statement's text (escaping a string
 * character by character in JavaScript), the parameters go to PostgreSQL apart from the text:
 * for the recorder's and the filer's statements, whose JSON parameter holds a whole batch.
 */
export async function executeBound<Row>(em: EntityManager, sql: string, params: Knex.RawBinding[]): Promise<Row[]> {
  const query = em.getKnex().raw(sql, params);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  return ((await query) as { rows: Row[] }).rows;
}
