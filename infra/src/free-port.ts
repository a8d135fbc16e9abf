import { createServer } from 'node:net';

/**
 * Asks the OS for a free loopback port by listening on port 0 and closing again. Used for child
 * processes, whose actual port the parent could not read back if they listened on 0 themselves.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No port assigned'))));
    });
  });
}
