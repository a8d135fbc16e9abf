import { ApiError, CliError } from './errors';

/** The fetch the CLI calls servers with (injectable for tests). */
export type Fetch = typeof fetch;

/**
 * Sends a request and returns the response when it is a 2xx; a server error body becomes an
 * ApiError, a server that cannot be reached a CliError naming its origin (never the request's
 * headers, which may carry a token or a cookie).
 */
export async function send(fetchImpl: Fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(`Cannot reach ${new URL(url).origin} (${reason})`);
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response;
}

/** Reads a JSON body; undefined for an empty one (e.g. 204). */
export async function readJson<T>(response: Response): Promise<T | undefined> {
  const text = await response.text();
  return text ? (JSON.parse(text) as T) : undefined;
}

/** Headers of a JSON request. */
export function jsonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', ...extra };
}
