/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * PostgreSQL's SQLSTATEs of a server that is away or full: class 08 (connection exception),
 * shutdowns (57P01-57P03) and too many connections.
 */
const isUnavailableSqlState = (code: string) => code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);

/** Error names of the libraries between a route and its database or Redis. */
const UNAVAILABLE_NAMES = new Set([
  'ConnectionException', // MikroORM's wrap of a lost database connection
  'KnexTimeoutError', // no pooled connection within the timeout
  'MaxRetriesPerRequestError', // ioredis gave up on a command while Redis is away
]);

/**
 * Messages of errors that carry neither a code nor a telling name; MikroORM puts the SQL before
 * them. Knex's "Transaction query already complete" is what a transaction says when its BEGIN
 * went to a connection the server had just closed (a pooled connection killed mid-query, before
 * the pool saw it end): the services' transactions are MikroORM's, which never reuse a finished one.
 */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/,
  /Connection is closed/,
  /Client has encountered a connection error/,
  /Client was closed and is not queryable/,
  /Transaction query already complete/,
];

/**
 * Whether an error means a dependency (PostgreSQL, Redis, another service's socket) is not
 * answering right now, rather than that the request or the code is wrong: such a failure is
 * 503 with Retry-After, worth trying again, instead of 500. Looks through `cause` chains.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, name, message, cause } = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)))) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return isDependencyUnavailable(cause, depth + 1);
}
