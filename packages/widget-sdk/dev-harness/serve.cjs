// The dev server of a widget's `npm run dev` (`serveDev`, called by the widget's scripts/dev.cjs):
// rebuilds on every change (webpack --watch, development mode) into dev-dist/ and serves it with
// CORS on 127.0.0.1:$PORT (default 5173): at / the dev harness, a page that runs the widget with
// a mock host whose context (agent, locale, email, ticket, contact) you edit and that reloads on
// every rebuild; the build itself for a shell's dev override. dist/ stays the release build of
// `npm run build`: only that one can be published.
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { createReadStream, mkdirSync, readdirSync, readFileSync, statSync, watch } = require('node:fs');
const { createServer } = require('node:http');
const { extname, join, resolve, sep } = require('node:path');
const { clearTimeout, setTimeout } = require('node:timers');
const { URL } = require('node:url');
const { DEV_HARNESS_ENV, devHarnessDir } = require('../webpack/preset.cjs');

const contentTypes = { '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css', '.html': 'text/html' };
/** The harness's own files, at paths no build file has. */
const harnessFiles = { '/': join(devHarnessDir, 'index.html'), '/__harness/harness.js': join(devHarnessDir, 'harness.js') };

/**
 * Starts the watch build of the widget package in `dir` and the server of its dev-dist/ and harness.
 * @param {{ dir: string, name: string }} widget the widget package folder and its registry name
 */
function serveDev({ dir, name }) {
  const devDist = join(dir, 'dev-dist');
  const port = Number(process.env.PORT ?? 5173);
  const shellUrl = process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8080';

  const webpack = spawn(process.execPath, [require.resolve('webpack-cli/bin/cli.js', { paths: [dir] }), '--watch', '--mode', 'development', '--output-path', devDist], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, [DEV_HARNESS_ENV]: '1' },
  });
  webpack.on('exit', (code) => process.exit(code ?? 1));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      webpack.kill(signal);
      process.exit(0);
    });
  }

  /**
   * Open harness pages (server-sent events). Each is told the build in dev-dist/ when it connects
   * and again once a rebuild has landed, and reloads only when the build differs from the one it
   * was first told of: a page opened while webpack was still writing does not reload under the user.
   */
  const harnessPages = new Set();
  const buildEvent = () => `event: build\ndata: ${JSON.stringify({ id: buildId(devDist) })}\n\n`;
  let rebuilt;
  mkdirSync(devDist, { recursive: true });
  watch(devDist, () => {
    clearTimeout(rebuilt);
    // webpack writes a build's files one after the other: tell the pages once the last is written.
    rebuilt = setTimeout(() => {
      const event = buildEvent();
      for (const page of harnessPages) page.write(event);
    }, 300);
  });

  /** The file a request path names: a harness file, or one under dev-dist/; undefined for anything else. */
  function fileFor(url) {
    try {
      const path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
      if (Object.hasOwn(harnessFiles, path)) return harnessFiles[path];
      const file = resolve(devDist, `.${path}`);
      return file.startsWith(devDist + sep) && statSync(file).isFile() ? file : undefined;
    } catch {
      return undefined;
    }
  }

  function harnessEvents(request, response) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(buildEvent());
    harnessPages.add(response);
    request.on('close', () => harnessPages.delete(response));
  }

  const server = createServer((request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('cache-control', 'no-store');
    if (request.url === '/__harness/events') return harnessEvents(request, response);
    const file = request.method === 'GET' || request.method === 'HEAD' ? fileFor(request.url ?? '/') : undefined;
    if (!file) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'NOT_FOUND', message: `No file ${request.url}` }));
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });

  server.listen(port, '127.0.0.1', () => {
    const { port: listening } = server.address();
    const manifestUrl = `http://127.0.0.1:${listening}/widget.json`;
    process.stdout.write(
      `Dev harness (mock host, editable context, reloads on rebuild): http://127.0.0.1:${listening}/\n` +
        `Serving the development build (dev-dist/) at http://127.0.0.1:${listening}/\n` +
        `Load this build in your browser's shell: ${shellUrl}/?override=${name}=${manifestUrl}\n` +
        `Back to the published version:          ${shellUrl}/?override=${name}=\n`,
    );
  });
}

/** A digest of every file in the build folder: the same build gives the same id. */
function buildId(folder) {
  const hash = createHash('sha256');
  for (const file of readdirSync(folder, { recursive: true }).map(String).sort()) {
    const path = join(folder, file);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
    hash.update(file).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

module.exports = { serveDev };
