import {
  routePath,
  type ErrorBody,
  type HostApi,
  type RouteAnswer,
  type RouteBody,
  type RouteContract,
  type RouteParams,
  type RouteQuery,
} from '@switchboard/contracts';

/** A failed call to a service, carrying the service's error code. */
export class ApiError extends Error {
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** Machine-readable code from the error body, or HTTP_<status>. */
    readonly code: string,
    message: string,
    /** Structured details from the error body. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Reads the `{ code, message, details }` body of a failed response. */
  static async fromResponse(response: Response): Promise<ApiError> {
    return ApiError.fromBody(response.status, await response.text().catch(() => ''), response.statusText);
  }

  /** The error of a failed answer whose body is already read as text (XMLHttpRequest). */
  static fromBody(status: number, text: string, statusText = ''): ApiError {
    let body: Partial<ErrorBody> | null;
    try {
      body = JSON.parse(text) as Partial<ErrorBody> | null;
    } catch {
      body = null;
    }
    return new ApiError(status, body?.code ?? `HTTP_${status}`, body?.message ?? statusText, body?.details);
  }
}

type Field<K extends string, V> = [V] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: V };

/** What one call of a contract route takes: its params, query and body as typed there. */
export type CallInput<R extends RouteContract> = Field<'params', RouteParams<R>> &
  Partial<Field<'query', RouteQuery<R>>> &
  Field<'body', RouteBody<R>> & { signal?: AbortSignal };

/** Whether answers are checked against their contracts: in development and tests, not in production builds. */
function validatesByDefault(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}

export interface ServiceClientOptions {
  /** The fetch to use (tests, keepalive). */
  fetch?: typeof fetch;
  /** Check every answer against its contract (default: unless NODE_ENV is `production`). */
  validate?: boolean;
}

/**
 * Calls one service with a token for that service only, route by route from the contracts in
 * `@switchboard/contracts`: the path, method and types come from the route object.
 */
export class ServiceClient {
  private readonly fetchImpl: typeof fetch;
  private readonly validate: boolean;

  constructor(
    /** Without `getToken` the calls carry no bearer token (a cookie session, as the shell's identity calls). */
    private readonly host: Pick<HostApi, 'serviceUrl'> & Partial<Pick<HostApi, 'getToken'>>,
    options: ServiceClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.validate = options.validate ?? validatesByDefault();
  }

  /** The absolute URL of a route with its params and query. */
  url<R extends RouteContract>(route: R, input: { params?: unknown; query?: unknown }): URL {
    const path = routePath(route, input.params as Record<string, unknown> | undefined);
    const url = new URL(`${this.host.serviceUrl}${path}`, globalThis.location?.href ?? 'http://localhost');
    for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  }

  /** Calls a JSON route; resolves with its answer (checked against the contract), rejects with ApiError. */
  async call<R extends RouteContract>(route: R, input: CallInput<R>): Promise<RouteAnswer<R>> {
    const response = await this.send(route, input);
    if ((route.status ?? 200) === 204 || route.response === null) return undefined as RouteAnswer<R>;
    return this.answer(route, await response.json());
  }

  /**
   * An answer that arrived another way (XMLHttpRequest for upload progress), checked against the
   * route's contract like `call`'s.
   */
  async answer<R extends RouteContract>(route: R, value: unknown): Promise<RouteAnswer<R>> {
    if (this.validate) (await import('./answer-check')).checkAnswer(route, value);
    return value as RouteAnswer<R>;
  }

  /** Calls a route whose answer is not JSON (file bytes); resolves with the response, rejects with ApiError. */
  async send<R extends RouteContract>(route: R, input: CallInput<R>): Promise<Response> {
    const headers: Record<string, string> = {};
    // Public routes need no token, and a bearer header would hide a session cookie from the service.
    if (!route.public && this.host.getToken) headers.authorization = `Bearer ${await this.host.getToken()}`;
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetchImpl(this.url(route, input), {
      method: route.method,
      headers,
      // The fetch default, said out loud: a cookie session (no getToken) rides on it.
      credentials: 'same-origin',
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      signal: input.signal,
    });
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response;
  }
}
