// Where a send's macro comes from and where its actions go, from the environment of the mail
// service (server.ts) and of its worker (worker-main.ts):
//   IDENTITY_URL, SERVICE_SECRET: the service tokens of `mail`;
//   TEMPLATES_URL (the service reads macros), TICKETS_URL and CRM_URL (the worker runs them).
// A URL that is not set turns that part off.
import { requireEnv, serviceTokenSource } from '@switchboard/service-kit';
import type { ServiceEndpoint } from './service-call';

/** The service at `<urlVariable>`, called with `mail`'s tokens for `audience`; null when the URL is not set. */
export function serviceEndpointFromEnv(urlVariable: string, audience: Parameters<typeof serviceTokenSource>[0]['audience']): ServiceEndpoint | null {
  const baseUrl = process.env[urlVariable];
  if (!baseUrl) return null;
  return {
    baseUrl,
    getToken: serviceTokenSource({ identityUrl: requireEnv('IDENTITY_URL'), service: 'mail', secret: requireEnv('SERVICE_SECRET'), audience }),
  };
}
