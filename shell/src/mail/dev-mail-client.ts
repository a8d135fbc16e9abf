import type { DevMailList, DevMailMessage, DevMailSummary } from '@switchboard/contracts';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** Where the gateway serves the dev mail sink. */
const DEV_MAIL_URL = '/api/dev-mail';

/**
 * The local SMTP sink of `npm start` (only there when no SMTP server is configured): what the
 * platform sent, for the Sent mail page. Calls carry a mail token.
 */
export class DevMailClient {
  private readonly client: ServiceClient;
  private readonly tokens: Pick<TokenBroker, 'getToken'>;
  private readonly fetchImpl: typeof fetch;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
    this.tokens = tokens;
    this.fetchImpl = fetchImpl;
    this.client = new ServiceClient({ serviceUrl: DEV_MAIL_URL, getToken: () => tokens.getToken('mail') }, fetchImpl);
  }

  /** True when the gateway runs a sink: its public health check answers (404 otherwise). */
  async available(): Promise<boolean> {
    try {
      return (await this.fetchImpl(`${DEV_MAIL_URL}/health`)).ok;
    } catch {
      return false;
    }
  }

  /** Caught messages, newest first. */
  async list(signal?: AbortSignal): Promise<DevMailSummary[]> {
    return (await this.client.request<DevMailList>('/messages', { signal })).items;
  }

  /** One message with its body and headers. */
  message(id: string, signal?: AbortSignal): Promise<DevMailMessage> {
    return this.client.request<DevMailMessage>(`/messages/${encodeURIComponent(id)}`, { signal });
  }

  /** The raw message (.eml) as a Blob, for download. */
  async raw(id: string): Promise<Blob> {
    const response = await this.fetchImpl(`${DEV_MAIL_URL}/messages/${encodeURIComponent(id)}/raw`, {
      headers: { authorization: `Bearer ${await this.tokens.getToken('mail')}` },
    });
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.blob();
  }

  /** Forgets every caught message. */
  clear(): Promise<void> {
    return this.client.request<void>('/messages', { method: 'DELETE' });
  }
}
