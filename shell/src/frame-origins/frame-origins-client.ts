import { frameOriginsApi, type FrameOriginList } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The registry's Page-in-page allowlist (P1), for the admin page that keeps it. */
export class FrameOriginsClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/registry', getToken: () => tokens.getToken('registry') }, options);
  }

  list(signal?: AbortSignal): Promise<FrameOriginList> {
    return this.client.call(frameOriginsApi.listFrameOrigins, { signal });
  }

  add(origin: string): Promise<FrameOriginList> {
    return this.client.call(frameOriginsApi.addFrameOrigin, { body: { origin } });
  }

  remove(origin: string): Promise<FrameOriginList> {
    return this.client.call(frameOriginsApi.removeFrameOrigin, { query: { origin } });
  }
}
