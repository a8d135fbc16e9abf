import autocannon from 'autocannon';

/** One measured load run. */
export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Options of one load run. */
export interface LoadOptions {
  url: string;
  /** Picks the path (with query) of each request. */
  nextPath: () => string;
  headers?: Record<string, string>;
  connections: number;
  /** Seconds. */
  duration: number;
}

/** Runs autocannon against the server; every request gets a fresh path from `nextPath`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    headers: options.headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: options.nextPath() }) }],
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
