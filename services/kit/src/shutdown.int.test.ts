import { spawn } from 'node:child_process';
import { get } from 'node:http';
import path from 'node:path';

// Real signals to real processes: each case runs a small script under tsx (cwd: the repository
// root, for its tsconfig paths) that prints `ready <port>` and lines of what happened.

const ROOT = path.resolve(__dirname, '../../..');

/** A running script: its exit, what it printed so far, and a wait for a printed line. */
function runScript(code: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    lines: () => output.split('\n').filter(Boolean),
    /** Resolves with the first printed line matching `pattern`. */
    waitFor(pattern: RegExp): Promise<string> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line ${pattern} in:\n${output}`)), 20_000);
        const check = () => {
          const line = output.split('\n').find((l) => pattern.test(l));
          if (line) {
            clearTimeout(timer);
            resolve(line);
          }
        };
        listeners.push(check);
        check();
      });
    },
  };
}

/**
 * A GET on a connection of its own that closes after the answer (a kept-alive connection would
 * hold the server's close until its keep-alive timeout).
 */
function getOnce(url: string): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}

/** A logger that prints `level message` lines. */
const PRINTING_LOG = `{ info: (_o, m) => console.log('info ' + m), error: (_o, m) => console.log('error ' + m) }`;

it('runService drains an in-flight request on SIGTERM, closes the app and exits 0', async () => {
  const script = runScript(`
    const { createServiceApp, runService } = require('./services/kit/src/index.ts');
    (async () => {
      const app = await createServiceApp({ name: 'shutdown-test', logger: false, auth: { audience: 'test', getKey: async () => { throw new Error('no keys'); } } });
      app.get('/slow', { config: { public: true } }, async () => {
        console.log('request started');
        await new Promise((r) => setTimeout(r, 300));
        return { done: true };
      });
      app.addHook('onClose', async () => console.log('closed'));
      await runService(app, { port: 0 });
      console.log('ready ' + app.server.address().port);
    })();
  `);
  const port = (await script.waitFor(/^ready \d+/)).split(' ')[1];
  const answer = getOnce(`http://127.0.0.1:${port}/slow`);
  await script.waitFor(/^request started/);
  script.child.kill('SIGTERM');
  expect(await answer).toEqual({ status: 200, body: '{"done":true}' });
  expect(await script.exited).toBe(0);
  expect(script.lines()).toContain('closed');
}, 30_000);

it('exits 1 when the close fails or outlasts the timeout, 0 when it succeeds', async () => {
  const cases = [
    { close: `async () => { throw new Error('cannot close'); }`, code: 1, logged: 'error shutdown failed' },
    { close: `() => new Promise(() => {})`, code: 1, logged: 'error shutdown timed out' },
    { close: `async () => console.log('closed')`, code: 0, logged: 'closed' },
  ];
  await Promise.all(
    cases.map(async ({ close, code, logged }) => {
      const script = runScript(`
        const { closeGracefully } = require('./services/kit/src/shutdown.ts');
        closeGracefully(${close}, { log: ${PRINTING_LOG}, timeoutMs: 300 });
        setInterval(() => {}, 1000);
        console.log('ready');
      `);
      await script.waitFor(/^ready/);
      script.child.kill('SIGTERM');
      expect(await script.exited).toBe(code);
      expect(script.lines()).toEqual(['ready', 'info shutting down', logged]);
    }),
  );
}, 30_000);
