import type { ErrorBody, HostApi } from '@switchboard/contracts';

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
    const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
    return new ApiError(
      response.status,
      body?.code ?? `HTTP_${response.status}`,
      body?.message ?? response.statusText,
      body?.details,
    );
  }
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; undefined values are left out, arrays repeat the key. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the widget's own service with a token for that service only. Types come from
 * shared-contracts at the call site.
 */
export class ServiceClient {
  constructor(
    private readonly host: Pick<HostApi, 'serviceUrl' | 'getToken'>,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** Sends a request; resolves with the JSON body (undefined for 204), rejects with ApiError. */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.host.serviceUrl}${path}`, globalThis.location?.href ?? 'http://localhost');
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${await this.host.getToken()}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetchImpl(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  }
}
