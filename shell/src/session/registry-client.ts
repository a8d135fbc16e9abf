import { registryApi, type LayoutPage, type LoadFailureBody, type PageComposition, type SaveLayoutBody } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from './token-broker';

/** The shell's calls to the widget registry: the page composition, layout edits, load failure reports. */
export class RegistryClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/registry', getToken: () => tokens.getToken('registry') }, options);
  }

  /** Everything the page needs in one answer: the agent's layout with each widget's version, entry and integrity. */
  page(page: LayoutPage, signal?: AbortSignal): Promise<PageComposition> {
    return this.client.call(registryApi.getPage, { params: { page }, signal });
  }

  /** Saves the agent's own layout; rejects with ApiError (409 LAYOUT_VERSION_CONFLICT, 400 MANDATORY_WIDGET, …). */
  saveLayout(page: LayoutPage, body: SaveLayoutBody): Promise<PageComposition> {
    return this.client.call(registryApi.saveLayout, { params: { page }, body });
  }

  /** Drops the agent's own layout, back to the team's (or the default). */
  resetLayout(page: LayoutPage): Promise<PageComposition> {
    return this.client.call(registryApi.resetLayout, { params: { page } });
  }

  /** Reports that a version failed to load here. */
  reportFailure(widget: string, version: string, body: LoadFailureBody): Promise<void> {
    return this.client.call(registryApi.reportFailure, { params: { name: widget, version }, body });
  }
}
