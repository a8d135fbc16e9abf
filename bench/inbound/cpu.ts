import { readFile } from 'node:fs/promises';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Clock ticks per second of /proc/<pid>/stat's times (Linux: 100). */
const CLOCK_TICKS = 100;

/** CPU-seconds a process (`/proc/<pid>`) or thread (`/proc/<pid>/task/<tid>`) spent so far (user + system), or null when it is gone or unreadable. */
async function cpuSeconds(proc: string): Promise<number | null> {
  try {
    const stat = await readFile(`${proc}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU-seconds of this process (every thread), of its main thread and of each database's PostgreSQL backends. */
type CpuSnapshot = { self: number; mainThread: number; backends: Map<number, { database: string; seconds: number }> };

async function snapshot(orm: MikroORM, databases: string[]): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const rows = await orm.em.fork().execute<{ pid: number; datname: string }[]>('select pid, datname from pg_stat_activity where datname in (?)', [databases]);
  const backends = new Map<number, { database: string; seconds: number }>();
  for (const row of rows) {
    const seconds = await cpuSeconds(`/proc/${row.pid}`);
    if (seconds !== null) backends.set(row.pid, { database: row.datname, seconds });
  }
  return { self: (usage.user + usage.system) / 1e6, mainThread: (await cpuSeconds(`/proc/${process.pid}/task/${process.pid}`)) ?? 0, backends };
}

/** CPU-seconds spent between `start` and `stop`: this process, and each database's backends (those alive at the stop). */
export interface CpuSpent {
  self: number;
  /** Of `self`, the main thread's (the rest: parse workers, libuv's pool, V8's). */
  mainThread: number;
  databases: Record<string, number>;
}

/**
 * Measures CPU-seconds of a phase: this Node process (all its threads) and the PostgreSQL
 * backends connected to the named databases (read from /proc, so the machine's other load does
 * not count). A backend that ends within the phase is missed; the pools here keep theirs.
 */
export async function cpuMeter(orm: MikroORM, databases: string[]): Promise<{ stop(): Promise<CpuSpent> }> {
  const before = await snapshot(orm, databases);
  return {
    async stop() {
      const after = await snapshot(orm, databases);
      const spent: CpuSpent = { self: after.self - before.self, mainThread: after.mainThread - before.mainThread, databases: Object.fromEntries(databases.map((name) => [name, 0])) };
      for (const [pid, { database, seconds }] of after.backends) spent.databases[database]! += seconds - (before.backends.get(pid)?.seconds ?? 0);
      return spent;
    },
  };
}
