import { serviceUrl } from './service-url';
import type { ServiceAudience, TokenResponse } from '@switchboard/contracts';

export interface ServiceTokenSourceOptions {
  /** Base URL of the identity service, e.g. `http://127.0.0.1:4001`. */
  identityUrl: string;
  /** This service's client name, e.g. `mail`. */
  service: string;
  /** This service's client secret (from the environment; never logged). */
  secret: string;
  /** The service the tokens are for. */
  audience: ServiceAudience;
}

/** Renew this many seconds before expiry, so a token never expires in flight. */
const RENEW_MARGIN_SECONDS = 30;

/**
 * Tokens for calling another service as this service (`sub: service:<name>`), fetched from
 * identity's `POST /service-token` and cached until shortly before they expire.
 */
export function serviceTokenSource(options: ServiceTokenSourceOptions): () => Promise<string> {
  let cached: TokenResponse | undefined;
  let pending: Promise<TokenResponse> | undefined;
  const fetchToken = async (): Promise<TokenResponse> => {
    const response = await fetch(serviceUrl(options.identityUrl, '/service-token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: options.service, secret: options.secret, audience: options.audience }),
    });
    if (!response.ok) throw new Error(`identity refused a service token for ${options.audience}: HTTP ${response.status}`);
    return (await response.json()) as TokenResponse;
  };
  return async () => {
    if (cached && cached.expiresAt - RENEW_MARGIN_SECONDS > Date.now() / 1000) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.token;
  };
}
