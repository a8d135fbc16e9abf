import { SESSION_COOKIE } from '@switchboard/contracts';

/** A service's answer: status and JSON body. */
export interface ApiAnswer {
  status: number;
  body: { code?: string; [field: string]: unknown };
}

/**
 * Calls the platform's services through its gateway as a signed-in agent, the way the shell does:
 * a session cookie from `POST /api/identity/login`, then a token per service from
 * `POST /api/identity/token`. A transport error counts as status 0.
 */
export class ApiClient {
  /** Sends asked again after the gateway answered 502 (their replica died mid-request). */
  resent = 0;
  private cookie = '';
  private readonly tokens = new Map<string, string>();

  constructor(private readonly shellUrl: string) {}

  async login(email: string, password: string): Promise<void> {
    const res = await fetch(`${this.shellUrl}/api/identity/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const session = res.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    if (!res.ok || !session) throw new Error(`login as ${email}: ${res.status} ${await res.text()}`);
    this.cookie = session.split(';')[0]!;
  }

  /**
   * A new token for `audience`, as a fresh tab asks (asked once more after a 502, as the shell's
   * TokenBroker does: issuing has no effect but the token); false when identity did not give one.
   */
  async refreshToken(audience: string): Promise<boolean> {
    const issue = () => this.fetchJson('POST', `${this.shellUrl}/api/identity/token`, { cookie: this.cookie }, { audience });
    const first = await issue();
    const res = first.status === 502 ? await issue() : first;
    const token = res.body.token;
    if (res.status !== 200 || typeof token !== 'string') return false;
    this.tokens.set(audience, token);
    return true;
  }

  /** `method path` of `service` with its token; with `resendAfter502`, asked once more after a 502. */
  async call(service: string, method: string, path: string, body?: unknown, options: { resendAfter502?: boolean } = {}): Promise<ApiAnswer> {
    if (!this.tokens.has(service) && !(await this.refreshToken(service))) return { status: 0, body: { code: 'NO_TOKEN' } };
    const headers = { authorization: `Bearer ${this.tokens.get(service)!}` };
    const answer = await this.fetchJson(method, `${this.shellUrl}/api/${service}${path}`, headers, body);
    if (answer.status !== 502 || !options.resendAfter502) return answer;
    this.resent += 1;
    return this.fetchJson(method, `${this.shellUrl}/api/${service}${path}`, headers, body);
  }

  private async fetchJson(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer> {
    try {
      const res = await fetch(url, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as ApiAnswer['body']) : {} };
    } catch {
      return { status: 0, body: { code: 'TRANSPORT_ERROR' } };
    }
  }
}
