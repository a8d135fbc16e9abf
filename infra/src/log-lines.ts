const levelNames: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

interface PinoLine {
  level?: number;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number; route?: string };
  responseTime?: number;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/** Fields shown in their own way above, or noise on a terminal (the launcher names the process). */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'req', 'res', 'responseTime', 'err', 'service', 'name', 'v']);

/** Any other field as `key=value`: `dependency=redis attempt=3`. */
const fieldText = ([key, value]: [string, unknown]) =>
  `${key}=${typeof value === 'string' ? (/[\s"=]/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value)}`;

/**
 * Makes a service's pino JSON line readable on a terminal (`info  request completed 200 4ms
 * reqId=…`), keeping every field (`warn  dependency failing; will retry dependency=redis`);
 * anything that is not pino JSON passes through unchanged.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: PinoLine;
  try {
    entry = JSON.parse(line) as PinoLine;
  } catch {
    return line;
  }
  const parts = [(levelNames[entry.level ?? 30] ?? String(entry.level)).padEnd(5), entry.msg ?? ''];
  if (entry.req?.method) parts.push(`${entry.req.method} ${entry.req.url ?? ''}`);
  if (entry.res?.statusCode) parts.push(String(entry.res.statusCode));
  if (typeof entry.responseTime === 'number') parts.push(`${Math.round(entry.responseTime)}ms`);
  if (entry.res?.route) parts.push(`route=${entry.res.route}`);
  parts.push(...Object.entries(entry).filter(([key, value]) => !SHOWN.has(key) && value !== undefined).map(fieldText));
  if (entry.err) parts.push(`\n${entry.err.stack ?? entry.err.message ?? ''}`);
  return parts.filter(Boolean).join(' ');
}

/** Keeps the last lines of a process's output, for error messages. */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(
    /** How many lines to keep. */
    private readonly size = 50,
  ) {}

  /** Remembers one line, forgetting the oldest past `size`. */
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }

  /** The kept lines, oldest first, each indented for quoting in an error message. */
  toString(): string {
    return this.lines.length ? this.lines.map((l) => `    ${l}`).join('\n') : '    (no output)';
  }
}
