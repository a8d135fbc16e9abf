import { mailApi, type CreateDraftBody, type Email, type EmailSummary } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The mail-service calls the shell itself makes: New email (N1) and the postponed list (E8). */
export class MailClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/mail', getToken: () => tokens.getToken('mail') }, options);
  }

  /** Creates a draft, blank (N1) or in a ticket (N3), and returns it. */
  createDraft(body: CreateDraftBody = {}): Promise<Email> {
    return this.client.call(mailApi.createDraft, { body });
  }

  /** The agent's postponed emails, newest first. */
  async postponed(signal?: AbortSignal): Promise<EmailSummary[]> {
    return (await this.client.call(mailApi.listEmails, { query: { folder: 'postponed', limit: 100 }, signal })).items;
  }
}
