import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An integrator's backend on an https origin of this machine (`https://127.0.0.1:<port>`), the
 * only kind of origin a widget may declare in `connect`. Its certificate is self-signed, made
 * by openssl for each run: the browser must ignore certificate errors (`launchBrowser`'s option).
 */
export interface TlsBackend {
  origin: string;
  /** Requests it answered so far, as `METHOD path`. */
  requests: string[];
  close(): Promise<void>;
}

/** A fresh self-signed certificate for 127.0.0.1, valid a day. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a backend that answers every request `{ "backend": <name> }` to any origin (CORS `*`). */
export async function startTlsBackend(name: string, credentials = selfSignedCertificate()): Promise<TlsBackend> {
  const requests: string[] = [];
  const server: Server = createServer(credentials, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify({ backend: name }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `https://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
