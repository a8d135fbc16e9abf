import type { CreateDraftBody, Email, EmailList, EmailSummary } from '@switchboard/contracts';
import { ServiceClient } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The mail-service calls the shell itself makes: New email (N1) and the postponed list (E8). */
export class MailClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, fetchImpl?: typeof fetch) {
    this.client = new ServiceClient({ serviceUrl: '/api/mail', getToken: () => tokens.getToken('mail') }, fetchImpl);
  }

  /** Creates a draft, blank (N1) or in a ticket (N3), and returns it. */
  createDraft(body: CreateDraftBody = {}): Promise<Email> {
    return this.client.request<Email>('/drafts', { method: 'POST', body });
  }

  /** The agent's postponed emails, newest first. */
  async postponed(signal?: AbortSignal): Promise<EmailSummary[]> {
    return (await this.client.request<EmailList>('/emails', { query: { folder: 'postponed', limit: 100 }, signal })).items;
  }
}
