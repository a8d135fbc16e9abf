import { mailApi, type HeldInboundList, type HeldInboundQuery, type HeldInboundRetry, type QueueMailbox, type QueueMailboxList } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The mail service's admin calls behind the Inbound mail page (issue 13): queues' IMAP mailboxes and held messages. */
export class InboundAdminClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/mail', getToken: () => tokens.getToken('mail') }, options);
  }

  /** Every queue with its mailbox (host and folder, never the URL). */
  mailboxes(signal?: AbortSignal): Promise<QueueMailboxList> {
    return this.client.call(mailApi.listQueueMailboxes, { signal });
  }

  /** Sets a queue's mailbox; mail stores the URL sealed and its pollers follow at once. */
  setMailbox(queueId: string, url: string, folder: string): Promise<QueueMailbox> {
    return this.client.call(mailApi.putQueueMailbox, { params: { queueId }, body: { url, folder } });
  }

  /** The queue stops polling a mailbox. */
  clearMailbox(queueId: string): Promise<QueueMailbox> {
    return this.client.call(mailApi.deleteQueueMailbox, { params: { queueId } });
  }

  /** Quarantined and refused messages, newest first. */
  held(query: HeldInboundQuery, signal?: AbortSignal): Promise<HeldInboundList> {
    return this.client.call(mailApi.listHeldInbound, { query, signal });
  }

  /** Puts a quarantined message back to be recorded and filed again. */
  retry(id: string): Promise<HeldInboundRetry> {
    return this.client.call(mailApi.retryHeldInbound, { params: { id } });
  }
}

/** What an administrator types for a mailbox; the page turns it into the URL mail stores sealed. */
export interface MailboxFields {
  security: 'tls' | 'starttls';
  host: string;
  port: string;
  user: string;
  password: string;
}

/** `imaps://user:password@host[:port]` (TLS) or `imap://…` (STARTTLS when offered), user and password URL-encoded. */
export function imapUrlOf(fields: MailboxFields): string {
  const scheme = fields.security === 'tls' ? 'imaps' : 'imap';
  const port = fields.port.trim() ? `:${fields.port.trim()}` : '';
  return `${scheme}://${encodeURIComponent(fields.user.trim())}:${encodeURIComponent(fields.password)}@${fields.host.trim()}${port}`;
}
