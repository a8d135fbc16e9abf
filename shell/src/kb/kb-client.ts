import { kbApi, type Article } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The knowledge-base calls of the shell's Knowledge base page. */
export class KbClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/kb', getToken: () => tokens.getToken('kb') }, options);
  }

  /** One article. */
  article(id: string, signal?: AbortSignal): Promise<Article> {
    return this.client.call(kbApi.getArticle, { params: { id }, signal });
  }
}
