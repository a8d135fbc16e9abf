import { createHash } from 'node:crypto';
import type { SqlStatement } from './search-sql';

/** Statement names by text: each distinct text is hashed once. */
const names = new Map<string, string>();

/**
 * A statement with `?` placeholders as the kit's `queryPrepared` takes it: `$1`-style
 * parameters and a name that is the same for the same text, so that each pooled connection
 * parses it once. Search texts vary only with which filters are set, so they are few.
 */
export function preparedStatement(statement: SqlStatement): [name: string, text: string, values: unknown[]] {
  let n = 0;
  const text = statement.sql.replace(/\?/g, () => `$${++n}`);
  let name = names.get(text);
  if (!name) {
    name = `tickets.search.${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return [name, text, statement.params];
}
