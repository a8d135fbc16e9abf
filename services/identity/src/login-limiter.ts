import { createHash } from 'node:crypto';
import { IdentityErrorCode } from '@switchboard/contracts';
import { AppError } from '@switchboard/service-kit';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { tooManyLoginAttempts } from './errors';

/** How many failed logins a window allows. */
export interface LoginLimits {
  /** Failed logins per account (email) and window. */
  perAccount: number;
  /** Failed logins per client address and window. */
  perAddress: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/** The 11th wrong password for an account within a minute is refused. */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 10, perAddress: 100, windowSeconds: 60 };

/** Counters that expire with their window. */
interface CounterStore {
  /** Adds one to the counter; answers its value and the milliseconds until the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** Takes back one hit, if the window has not ended yet. */
  undo(key: string): Promise<void>;
  close(): Promise<void>;
}

// Takes a hit back only while its counter lives: DECR on a gone key would start a counter without expiry.
const UNDO_SCRIPT = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0";

/**
 * Counters in Redis, shared by every replica: fixed windows by INCR with an expiry set on the
 * first hit. Commands wait at most 2 s for a Redis that is reconnecting.
 */
function redisStore(url: string, prefix: string, log: FastifyBaseLogger): CounterStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectionName: 'identity-login-limits' });
  // Without a listener an unreachable Redis would crash the process.
  redis.on('error', (error: unknown) => log.warn({ err: error }, 'login limits: redis is not answering'));
  return {
    async hit(key, windowMs) {
      const answers = await redis.multi().incr(prefix + key).pexpire(prefix + key, windowMs, 'NX').pttl(prefix + key).exec();
      const [[, count], , [, resetMs]] = answers as [[null, number], unknown, [null, number]];
      return { count, resetMs: resetMs > 0 ? resetMs : windowMs };
    },
    async undo(key) {
      await redis.eval(UNDO_SCRIPT, 1, prefix + key);
    },
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}

/** Counters in this process only: for a single replica without Redis (tests, local runs). */
function memoryStore(): CounterStore {
  const counters = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      const live = counters.get(key);
      const counter = live && live.resetAt > now ? live : { count: 0, resetAt: now + windowMs };
      counter.count += 1;
      counters.set(key, counter);
      return { count: counter.count, resetMs: counter.resetAt - now };
    },
    async undo(key) {
      const counter = counters.get(key);
      if (counter && counter.resetAt > Date.now()) counter.count -= 1;
    },
    close: async () => counters.clear(),
  };
}

/** Limits failed logins per account and per client address. */
export interface LoginLimiter {
  /**
   * Runs one login attempt under the limits: counts it first (so parallel attempts cannot slip
   * past), answers 429 with `Retry-After` when a counter is over its limit, and takes the count
   * back when the attempt did not fail with wrong credentials.
   */
  attempt<T>(who: { email: string; address: string }, reply: FastifyReply, run: () => Promise<T>): Promise<T>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Failed-login limits. */
    loginLimiter: LoginLimiter;
  }
}

/** Where the counters live and how many failures they allow. */
export interface LoginLimiterOptions {
  /** redis:// URL shared by the replicas; without it the counters live in this process. */
  redisUrl?: string;
  /** Prefix of every Redis key (one per test app). */
  keyPrefix?: string;
  /** Failed logins allowed; DEFAULT_LOGIN_LIMITS unless given. */
  limits?: LoginLimits;
}

// Emails are hashed, so the keys hold no addresses of people.
const accountKey = (email: string) => `login:account:${createHash('sha256').update(email.toLowerCase()).digest('base64url')}`;

function createLoginLimiter(store: CounterStore, limits: LoginLimits, log: FastifyBaseLogger): LoginLimiter {
  const windowMs = limits.windowSeconds * 1000;
  // While the counters cannot be reached, logins go uncounted (logged) rather than every agent locked out.
  const uncounted = (error: unknown) => {
    log.error({ err: error }, 'login limits: counters unavailable, login not counted');
    return [];
  };
  return {
    async attempt({ email, address }, reply, run) {
      const counters = [
        { key: accountKey(email), limit: limits.perAccount },
        { key: `login:address:${address}`, limit: limits.perAddress },
      ];
      const hits = await Promise.all(counters.map(({ key }) => store.hit(key, windowMs))).catch(uncounted);
      const over = hits.filter(({ count }, i) => count > counters[i].limit);
      if (over.length > 0) {
        const retryAfter = Math.ceil(Math.max(...over.map(({ resetMs }) => resetMs)) / 1000);
        reply.header('retry-after', String(retryAfter));
        throw tooManyLoginAttempts(retryAfter);
      }
      const undo = () => Promise.all(hits.map((_hit, i) => store.undo(counters[i].key))).catch(uncounted);
      try {
        const result = await run();
        await undo();
        return result;
      } catch (error) {
        const wrongCredentials = error instanceof AppError && error.code === IdentityErrorCode.invalidCredentials;
        if (!wrongCredentials) await undo();
        throw error;
      }
    },
  };
}

/** Decorates `app.loginLimiter`; closes the Redis connection with the app. */
export const loginLimiterPlugin = fp(
  async (app: FastifyInstance, options: LoginLimiterOptions) => {
    const store = options.redisUrl ? redisStore(options.redisUrl, options.keyPrefix ?? 'sb:identity:', app.log) : memoryStore();
    app.addHook('onClose', () => store.close());
    app.decorate('loginLimiter', createLoginLimiter(store, options.limits ?? DEFAULT_LOGIN_LIMITS, app.log));
  },
  { name: 'login-limiter' },
);
