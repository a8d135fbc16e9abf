import pg from 'pg';

/** Statements and commits sent to one database in a phase. */
export interface StatementCount {
  statements: number;
  commits: number;
}

type Counted = pg.Client & { countedInTransaction?: boolean };

let counts: Map<string, StatementCount> | null = null;
const original = pg.Client.prototype.query;

/**
 * Counts what this process's pg clients send, per database, until `stop`: every statement (a
 * round trip: begin and commit count too), and every commit (a `commit`, or a statement outside
 * a transaction, which commits alone; the bench's own CPU meter's reads count as well). Patches
 * `pg.Client.prototype.query` for the phase; one phase at a time.
 */
export function countStatements(): { stop(): Record<string, StatementCount> } {
  counts = new Map();
  pg.Client.prototype.query = function (this: Counted, ...args: unknown[]) {
    const config = args[0];
    const text = (typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '')).trim().toLowerCase().replace(/;$/, '');
    const count = counts?.get(this.database ?? '') ?? { statements: 0, commits: 0 };
    counts?.set(this.database ?? '', count);
    count.statements += 1;
    if (text === 'begin' || text.startsWith('begin ') || text.startsWith('start transaction')) this.countedInTransaction = true;
    else if (text === 'commit' || text === 'rollback') {
      if (text === 'commit') count.commits += 1;
      this.countedInTransaction = false;
    } else if (!this.countedInTransaction && !text.startsWith('savepoint') && !text.startsWith('release')) count.commits += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    stop() {
      pg.Client.prototype.query = original;
      const result = Object.fromEntries(counts ?? []);
      counts = null;
      return result;
    },
  };
}
