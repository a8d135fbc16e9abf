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

/** CPU-seconds a process spent so far (user + system), or null when it is gone or unreadable. */
export const processCpuSeconds = (pid: number): Promise<number | null> => cpuSeconds(`/proc/${pid}`);

/**
 * CPU-seconds the whole machine spent so far (the first line of /proc/stat): `busy`, every process
 * and the kernel (user, nice, system, irq and softirq; idle and iowait left out), and `stolen`, the
 * time the virtual machine's CPUs were ready to run but the host ran something else (steal).
 */
async function machineCpuSeconds(): Promise<{ busy: number; stolen: number }> {
  const [total] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [user, nice, system, , , irq, softirq, steal] = total!.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user! + nice! + system! + irq! + softirq!) / CLOCK_TICKS, stolen: steal! / CLOCK_TICKS };
}

/** CPU-seconds of the machine, of this process (every thread), of its main thread, of other named processes, and of each database's PostgreSQL backends. */
type CpuSnapshot = {
  machine: { busy: number; stolen: number };
  self: number;
  mainThread: number;
  processes: Record<string, number>;
  backends: Map<number, { database: string; seconds: number }>;
};

async function snapshot(orm: MikroORM, databases: string[], pids: Record<string, number>): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const processes: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) processes[name] = (await processCpuSeconds(pid)) ?? 0;
  const rows = await orm.em.fork().execute<{ pid: number; datname: string }[]>('select pid, datname from pg_stat_activity where datname in (?)', [databases]);
  const backends = new Map<number, { database: string; seconds: number }>();
  for (const row of rows) {
    const seconds = await processCpuSeconds(row.pid);
    if (seconds !== null) backends.set(row.pid, { database: row.datname, seconds });
  }
  const mainThread = (await cpuSeconds(`/proc/${process.pid}/task/${process.pid}`)) ?? 0;
  return { machine: await machineCpuSeconds(), self: (usage.user + usage.system) / 1e6, mainThread, processes, backends };
}

/** CPU-seconds spent between `start` and `stop`: this process, and each database's backends (those alive at the stop). */
export interface CpuSpent {
  /** The whole machine's: every process (PostgreSQL's own, Redis, autovacuum...) and the kernel. */
  machine: number;
  /**
   * CPU-seconds the host took from this virtual machine while it had work (steal). The machine's
   * speed is not its own while this grows: a phase with much of it runs slower, and its parts'
   * CPU-seconds rise too (caches and cores shared with the host's other guests).
   */
  stolen: number;
  self: number;
  /** Of `self`, the main thread's (the rest: worker threads, libuv's pool, V8's). */
  mainThread: number;
  /** Each named process's CPU-seconds. */
  processes: Record<string, number>;
  databases: Record<string, number>;
}

/**
 * Measures CPU-seconds of a phase: this Node process (all its threads, and its main thread
 * alone), the processes named in `pids` (alive at both ends of the phase), and the PostgreSQL
 * backends connected to the named databases (read from /proc, so the machine's other load does
 * not count); and, apart, the whole machine's busy time, to show what those parts miss. A backend
 * that ends within the phase is missed; the pools here keep theirs.
 */
export async function cpuMeter(orm: MikroORM, databases: string[], pids: Record<string, number> = {}): Promise<{ stop(): Promise<CpuSpent> }> {
  const before = await snapshot(orm, databases, pids);
  return {
    async stop() {
      const after = await snapshot(orm, databases, pids);
      const processes = Object.fromEntries(Object.keys(pids).map((name) => [name, after.processes[name]! - before.processes[name]!]));
      const spent: CpuSpent = {
        machine: after.machine.busy - before.machine.busy,
        stolen: after.machine.stolen - before.machine.stolen,
        self: after.self - before.self,
        mainThread: after.mainThread - before.mainThread,
        processes,
        databases: Object.fromEntries(databases.map((name) => [name, 0])),
      };
      for (const [pid, { database, seconds }] of after.backends) spent.databases[database]! += seconds - (before.backends.get(pid)?.seconds ?? 0);
      return spent;
    },
  };
}

/** The CPU-seconds of every part a phase measured: this process, the named processes and the databases' backends. */
export function measuredSeconds(spent: CpuSpent): number {
  const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);
  return spent.self + sum(spent.processes) + sum(spent.databases);
}
