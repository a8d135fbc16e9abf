import type { LayoutPage, LoadFailureBody, PageComposition, SaveLayoutBody } from '@switchboard/contracts';
import { ServiceClient } from '@switchboard/widget-sdk';
import type { TokenBroker } from './token-broker';

/** The shell's calls to the widget registry: the page composition, layout edits, load failure reports. */
export class RegistryClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, fetchImpl?: typeof fetch) {
    this.client = new ServiceClient({ serviceUrl: '/api/registry', getToken: () => tokens.getToken('registry') }, fetchImpl);
  }

  /** Everything the page needs in one answer: the agent's layout with each widget's version, entry and integrity. */
  page(page: LayoutPage, signal?: AbortSignal): Promise<PageComposition> {
    return this.client.request<PageComposition>(`/pages/${page}`, { signal });
  }

  /** Saves the agent's own layout; rejects with ApiError (409 LAYOUT_VERSION_CONFLICT, 400 MANDATORY_WIDGET, …). */
  saveLayout(page: LayoutPage, body: SaveLayoutBody): Promise<PageComposition> {
    return this.client.request<PageComposition>(`/pages/${page}/layout`, { method: 'PUT', body });
  }

  /** Drops the agent's own layout, back to the team's (or the default). */
  resetLayout(page: LayoutPage): Promise<PageComposition> {
    return this.client.request<PageComposition>(`/pages/${page}/layout`, { method: 'DELETE' });
  }

  /** Reports that a version failed to load here. */
  async reportFailure(widget: string, version: string, body: LoadFailureBody): Promise<void> {
    await this.client.request<void>(`/widgets/${encodeURIComponent(widget)}/versions/${encodeURIComponent(version)}/failures`, {
      method: 'POST',
      body,
    });
  }
}
