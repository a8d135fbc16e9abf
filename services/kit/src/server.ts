import type { ServiceApp } from './app';
import { closeGracefully } from './shutdown';

export interface RunOptions {
  /** Port to listen on. */
  port: number;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** Longest wait for in-flight requests on shutdown, in ms. */
  shutdownTimeoutMs?: number;
}

/**
 * Listens, and on SIGINT/SIGTERM (see `closeGracefully`) stops accepting, lets in-flight requests
 * finish, closes resources through `onClose`, then exits.
 */
export async function runService(app: ServiceApp, options: RunOptions): Promise<void> {
  closeGracefully(() => app.close(), { log: app.log, timeoutMs: options.shutdownTimeoutMs });
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
}

/** Reads a required environment variable or exits with a clear message. */
export function requireEnv(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`Missing environment variable ${name}`);
    process.exit(1);
  }
  return value;
}

/**
 * Reads a whole-number environment variable (a port, a pool size) of at least `min` (default 0),
 * or exits with a clear message.
 */
export function intFromEnv(name: string, fallback: number, min = 0): number {
  const raw = requireEnv(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name}=${raw} is not a whole number${min > 0 ? ` of at least ${min}` : ''}`);
    process.exit(1);
  }
  return value;
}
