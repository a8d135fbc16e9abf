const levelNames: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

interface PinoLine {
  level?: number;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
}

/**
 * Makes a service's pino JSON line readable on a terminal (`info  request completed 200 4ms`);
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
