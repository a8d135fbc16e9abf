import { createHash } from 'node:crypto';
import type { SqlStatement } from './search-sql';

/** Statement names by text: each distinct text is hashed once. */
const names = new Map<string, string>();

/**
 * A statement with `?` placeholders as the kit's `queryPrepared` takes it: `$1`-style
 * parameters and a name that is the same for the same text, so that each pooled connection
 * parses and plans it once. Search texts vary only with which filters are set and with the page
 * (pageBounds), so the reusable ones are few. A statement that is not reusable gets the empty
 * name: node-postgres then runs it unnamed, planned for this run only, and no connection keeps it.
 */
export function preparedStatement(statement: SqlStatement): [name: string, text: string, values: unknown[]] {
  let n = 0;
  const text = statement.sql.replace(/\?/g, () => `$${++n}`);
  if (!statement.reusable) return ['', text, statement.params];
  let name = names.get(text);
  if (!name) {
    name = `tickets.search.${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return [name, text, statement.params];
}
