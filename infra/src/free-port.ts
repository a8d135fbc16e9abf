import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** How many ports below the OS's ephemeral range free ports are picked from. */
const RESERVED_SPAN = 12_000;
const LOWEST = 1024;
const ATTEMPTS = 50;
/** Ports this process handed out: never given twice, as a child may not have bound one yet. */
const given = new Set<number>();

/**
 * Finds a free loopback port for a child process to bind seconds later, when the parent must
 * know the port first (other services' URLs name it).
 *
 * The port comes from just below the OS's ephemeral range, not from `listen(0)`: a port inside
 * that range, once closed again, can be taken by any outgoing connection the machine opens
 * meanwhile (a service's PostgreSQL pool, the browser), and the child then fails with
 * EADDRINUSE. Outgoing connections never use ports below the range, so only another process
 * binding the same port by name can collide, and each candidate is tried before it is returned.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const range = candidateRange();
  if (!range) return listenOnAnyPort(host);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = range.low + Math.floor(Math.random() * (range.high - range.low));
    if (!given.has(port) && (await canListen(port, host))) {
      given.add(port);
      return port;
    }
  }
  return listenOnAnyPort(host);
}

/** Ports below the ephemeral range, or null where the range is unknown or starts too low. */
function candidateRange(): { low: number; high: number } | null {
  let ephemeralLow: number;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return null;
  }
  const low = Math.max(LOWEST, ephemeralLow - RESERVED_SPAN);
  return Number.isInteger(ephemeralLow) && ephemeralLow - low >= 1000 ? { low, high: ephemeralLow } : null;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The OS's choice: used where the ephemeral range cannot be read (not Linux). */
function listenOnAnyPort(host: string): Promise<number> {
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
