import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatLogLine, LogTail } from './log-lines';
import { PlatformError } from './platform-error';

/** How to run one service (or worker) as a child process. */
export interface ServiceProcessOptions {
  /** Service name, used as the log prefix. */
  name: string;
  /** Absolute path of the built entry point (`services/<name>/dist/server.js`). */
  script: string;
  /** Port the service is told to listen on (127.0.0.1); omitted for a worker, which serves nothing. */
  port?: number;
  /** Environment on top of the parent's. */
  env: Record<string, string>;
  /** Receives each formatted output line, already prefixed; omit to keep output only for errors. */
  output?: (line: string) => void;
  /** Called when the service dies while nobody asked it to stop. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** A running service process. */
export interface ServiceProcess {
  /** Service name. */
  name: string;
  /** Base URL, e.g. http://127.0.0.1:4001; undefined for a worker. */
  url: string | undefined;
  /** The process id (a bench reads its CPU time, a test kills it); a supervised service's current one. */
  pid?: number;
  /**
   * Resolves once `/ready` answers 200 (a worker: at once while it runs); rejects with the last
   * output on exit or timeout, or on abort.
   */
  waitReady(timeoutMs?: number, signal?: AbortSignal): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pipeLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

/** Spawns `node <script>` with the given env and prefixes its output with `[name]`. */
export function spawnService(options: ServiceProcessOptions): ServiceProcess {
  if (!existsSync(options.script)) {
    throw new PlatformError(`${options.script} is missing: build first with \`npm run build\`.`);
  }
  const url = options.port === undefined ? undefined : `http://127.0.0.1:${options.port}`;
  const listen = options.port === undefined ? {} : { HOST: '127.0.0.1', PORT: String(options.port) };
  const tail = new LogTail(50);
  const child: ChildProcess = spawn(process.execPath, [options.script], {
    env: { ...process.env, ...listen, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onLine = (raw: string) => {
    const line = formatLogLine(raw);
    tail.push(line);
    options.output?.(`[${options.name}] ${line}`);
  };
  pipeLines(child.stdout!, onLine);
  pipeLines(child.stderr!, onLine);

  let stopping = false;
  let exit: Exit | undefined;
  // 'close' rather than 'exit': it comes after the last output line, which error messages quote.
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => {
      tail.push(`spawn failed: ${error.message}`);
      resolve((exit ??= { code: null, signal: null }));
    });
    child.once('close', (code, signal) => resolve((exit ??= { code, signal })));
  });
  void exited.then(({ code, signal }) => {
    if (!stopping) options.onUnexpectedExit?.(options.name, code, signal);
  });

  const describeExit = ({ code, signal }: Exit) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

  const waitReady = async (timeoutMs = 60_000, signal?: AbortSignal) => {
    const deadline = Date.now() + timeoutMs;
    let lastAnswer = 'no answer';
    while (Date.now() < deadline) {
      if (signal?.aborted) throw new PlatformError(`Stopped waiting for ${options.name}: start-up cancelled`);
      if (exit) {
        throw new PlatformError(`${options.name} ${describeExit(exit)} before it was ready. Its last output:\n${tail}`);
      }
      if (!url) return;
      try {
        const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
        lastAnswer = `${res.status} ${await res.text()}`;
      } catch (error) {
        lastAnswer = error instanceof Error ? error.message : String(error);
      }
      await Promise.race([sleep(150), exited]);
    }
    throw new PlatformError(
      `${options.name} was not ready at ${url}/ready after ${Math.round(timeoutMs / 1000)} s ` +
        `(last answer: ${lastAnswer}). Its last output:\n${tail}`,
    );
  };

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 5000) =>
    (stopped ??= (async () => {
      stopping = true;
      if (exit) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      const outcome = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    })());

  return { name: options.name, url, pid: child.pid, waitReady, stop };
}
