// `npm run dev`: rebuilds on every change (webpack --watch) and serves dist/ with CORS on
// 127.0.0.1:$PORT (default 5173), so a shell can load this build through a dev override.
const { spawn } = require('node:child_process');
const { createReadStream, statSync } = require('node:fs');
const { createServer } = require('node:http');
const { extname, join, resolve, sep } = require('node:path');
const { URL } = require('node:url');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
const port = Number(process.env.PORT ?? 5173);
const shellUrl = process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8080';
const contentTypes = { '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css' };

const webpack = spawn(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--watch', '--mode', 'development'], {
  cwd: root,
  stdio: 'inherit',
});
webpack.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    webpack.kill(signal);
    process.exit(0);
  });
}

/** The file under dist/ a request path names, or undefined for anything outside it. */
function fileFor(url) {
  try {
    const file = resolve(dist, `.${decodeURIComponent(new URL(url, 'http://localhost').pathname)}`);
    return file.startsWith(dist + sep) && statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer((request, response) => {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('cache-control', 'no-store');
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
  const manifestUrl = `http://127.0.0.1:${port}/widget.json`;
  process.stdout.write(
    `Serving dist/ at http://127.0.0.1:${port}/\n` +
      `Load this build in your browser's shell: ${shellUrl}/?override=order-lookup=${manifestUrl}\n` +
      `Back to the published version:          ${shellUrl}/?override=order-lookup=\n`,
  );
});
