import { devMailApi, type DevMailMessage, type DevMailReply, type DevMailSummary } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** Where the gateway serves the dev mail sink. */
const DEV_MAIL_URL = '/api/dev-mail';

/**
 * The local SMTP sink of `npm start` (only there when no SMTP server is configured): what the
 * platform sent, for the Sent mail page. Calls carry a mail token.
 */
export class DevMailClient {
  private readonly client: ServiceClient;
  private readonly fetchImpl: typeof fetch;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options: ServiceClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.client = new ServiceClient({ serviceUrl: DEV_MAIL_URL, getToken: () => tokens.getToken('mail') }, options);
  }

  /** True when the gateway runs a sink: its public health check (the service kit's, not a contract route) answers; 404 otherwise. */
  async available(): Promise<boolean> {
    try {
      return (await this.fetchImpl(`${DEV_MAIL_URL}/health`)).ok;
    } catch {
      return false;
    }
  }

  /** Caught messages, newest first. */
  async list(signal?: AbortSignal): Promise<DevMailSummary[]> {
    return (await this.client.call(devMailApi.listMessages, { signal })).items;
  }

  /** One message with its body and headers. */
  message(id: string, signal?: AbortSignal): Promise<DevMailMessage> {
    return this.client.call(devMailApi.getMessage, { params: { id }, signal });
  }

  /** The raw message (.eml) as a Blob, for download. */
  async raw(id: string): Promise<Blob> {
    return (await this.client.send(devMailApi.getRawMessage, { params: { id } })).blob();
  }

  /** Delivers the customer's answer to a message through the platform's inbound SMTP listener (issue 13). */
  reply(id: string, text: string): Promise<DevMailReply> {
    return this.client.call(devMailApi.replyAsCustomer, { params: { id }, body: { text } });
  }

  /** Forgets every caught message. */
  clear(): Promise<void> {
    return this.client.call(devMailApi.clearMessages, {});
  }
}
