import { ApiError } from '@switchboard/widget-sdk/client';
import { CliError } from './errors';

/** The fetch the CLI calls servers with (injectable for tests). */
export type Fetch = typeof fetch;

const urlOf = (input: Parameters<Fetch>[0]) => new URL(input instanceof Request ? input.url : String(input));

/**
 * Wraps a fetch so that a server that cannot be reached is a CliError naming its origin (never
 * the request's headers, which may carry a token or a cookie).
 */
export function reachable(fetchImpl: Fetch): Fetch {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(`Cannot reach ${urlOf(input).origin} (${reason})`);
    }
  };
}

/** GETs a JSON document that is not a platform route (a widget.json on a CDN); a failed answer is an ApiError. */
export async function getJson(fetchImpl: Fetch, url: string): Promise<unknown> {
  const response = await reachable(fetchImpl)(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await ApiError.fromResponse(response);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}
