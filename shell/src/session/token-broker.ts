import { identityApi, widgetAudience, widgetTokenApi, type ServiceAudience, type TokenResponse } from '@switchboard/contracts';
import { ApiError, type ServiceClient } from '@switchboard/widget-sdk';
import { sessionServiceClient } from './identity-client';

/** Options of the token broker. */
export interface TokenBrokerOptions {
  /** Called when identity answers 401: the session is gone and the agent must sign in again. */
  onUnauthorized: () => void;
  /** Where the gateway serves the identity service (default `/api/identity`). */
  identityUrl?: string;
  /** HTTP client (a fake in unit tests). */
  fetch?: typeof fetch;
  /** Current time in milliseconds. */
  now?: () => number;
  /** A cached token is renewed this long before it expires, so a request never carries a dying token. */
  renewBeforeMs?: number;
}

/** The gateway's answer when the identity replica it passed the request to broke off. */
const BAD_GATEWAY = 502;

/**
 * Issues a token, asking once more after a 502: issuing has no effect but the token, so a request
 * lost with a dying identity replica is safe to repeat (another replica answers it).
 */
const issueAgainAfterBadGateway = (issue: () => Promise<TokenResponse>): Promise<TokenResponse> =>
  issue().catch((error: unknown) => {
    if (error instanceof ApiError && error.status === BAD_GATEWAY) return issue();
    throw error;
  });

interface CachedToken {
  token: string;
  expiresAtMs: number;
}

/**
 * Exchanges the session cookie for short-lived tokens, one audience at a time: cached per
 * audience (and, for a widget's own backend, per ticket) until shortly before expiry, with
 * concurrent callers sharing one request.
 */
export class TokenBroker {
  private readonly cache = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();
  /** Bumped by `clear()`, so a request started in an old session never fills the new cache. */
  private generation = 0;
  private readonly identity: ServiceClient;
  private readonly now: () => number;
  private readonly renewBeforeMs: number;

  constructor(private readonly options: TokenBrokerOptions) {
    this.identity = sessionServiceClient(options.fetch, options.identityUrl);
    this.now = options.now ?? (() => Date.now());
    this.renewBeforeMs = options.renewBeforeMs ?? 30_000;
  }

  /** A token for `audience`, from the cache while it has more than the renewal margin left. */
  getToken(audience: ServiceAudience): Promise<string> {
    return this.cached(audience, () => this.identity.call(identityApi.issueToken, { body: { audience } }));
  }

  /**
   * A token for the backend of `widget` (audience `widget:<name>`) about the ticket `ticketId`,
   * from identity's `/widget-token`, which refuses a widget without approved `connect` origins
   * and a ticket the agent may not read.
   */
  getWidgetToken(widget: string, ticketId?: string): Promise<string> {
    const body = { widget, ...(ticketId ? { ticketId } : {}) };
    return this.cached(`${widgetAudience(widget)} ${ticketId ?? ''}`, () => this.identity.call(widgetTokenApi.issueWidgetToken, { body }));
  }

  /** Forgets every token, e.g. on logout. */
  clear(): void {
    this.generation += 1;
    this.cache.clear();
    this.pending.clear();
  }

  private cached(key: string, issue: () => Promise<TokenResponse>): Promise<string> {
    const cached = this.cache.get(key);
    if (cached && cached.expiresAtMs - this.renewBeforeMs > this.now()) return Promise.resolve(cached.token);
    const pending = this.pending.get(key);
    if (pending) return pending;
    const request = this.request(key, issue, this.generation).finally(() => {
      if (this.pending.get(key) === request) this.pending.delete(key);
    });
    this.pending.set(key, request);
    return request;
  }

  private async request(key: string, issue: () => Promise<TokenResponse>, generation: number): Promise<string> {
    const body = await issueAgainAfterBadGateway(issue).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401 && generation === this.generation) {
        this.clear();
        this.options.onUnauthorized();
      }
      throw error;
    });
    if (generation === this.generation) {
      this.cache.set(key, { token: body.token, expiresAtMs: body.expiresAt * 1000 });
    }
    return body.token;
  }
}
