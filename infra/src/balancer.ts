/** How long a replica that refused a connection is left out, unless every replica is. */
export const REPLICA_REST_MS = 5000;

/** Connection failures: the replica is down or went away; the request may not have reached it. */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/** Methods that mean the same when asked twice (RFC 9110 9.2.2) and carry no body to replay here. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The error code of a proxy failure (undici wraps the socket's in `cause`). */
export const failureCode = (error: unknown): string | undefined => {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return cause?.code ?? code;
};

/** The replica behind `code` is unreachable: a connection that failed, not an answer. */
export const isConnectionFailure = (code: string | undefined): boolean => code !== undefined && CONNECTION_FAILURES.has(code);

/**
 * Whether a request that failed with `code` may go to another replica: a connection refused (nothing
 * was sent, so nothing happened, and the body stream was not read), or a connection that broke under
 * an idempotent request without a body.
 */
export const mayRetry = (method: string, code: string | undefined, hasBody: boolean): boolean =>
  code === 'ECONNREFUSED' || (isConnectionFailure(code) && IDEMPOTENT.has(method) && !hasBody);

/**
 * Round-robin over one service's replicas with passive health: a replica that failed a connection
 * rests for `restMs` and is skipped meanwhile; when all rest, they are asked in turn anyway.
 */
export class ReplicaSet {
  private next = 0;
  private readonly restingUntil: number[];

  constructor(
    readonly urls: readonly string[],
    private readonly restMs = REPLICA_REST_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (urls.length === 0) throw new Error('A service needs at least one replica URL');
    this.restingUntil = urls.map(() => 0);
  }

  /** The next replica in turn that is not resting, or the next in turn when every one is; never one in `except`. */
  pick(except: readonly string[] = []): string | undefined {
    const time = this.now();
    const order = this.urls.map((_, offset) => (this.next + offset) % this.urls.length).filter((at) => !except.includes(this.urls[at]!));
    const chosen = order.find((at) => this.restingUntil[at]! <= time) ?? order[0];
    if (chosen === undefined) return undefined;
    this.next = (chosen + 1) % this.urls.length;
    return this.urls[chosen];
  }

  /** `url` failed a connection: skip it for a while. */
  rest(url: string): void {
    const at = this.urls.indexOf(url);
    if (at >= 0) this.restingUntil[at] = this.now() + this.restMs;
  }
}
