import {
  templatesApi,
  type HostApi,
  type RenderContext,
  type RenderedTemplate,
  type RenderTemplateBody,
  type TemplateList,
  type TemplateSearchQuery,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** The calls the template picker makes to the templates service (E10). */
export interface TemplatesApi {
  /** `GET /templates`: answers matching what the agent typed, best first. */
  searchTemplates(query: TemplateSearchQuery, signal?: AbortSignal): Promise<TemplateList>;
  /** `POST /templates/:id/render`: an answer inside its frame, or the variables still missing. */
  renderTemplate(id: string, body: RenderTemplateBody, signal?: AbortSignal): Promise<RenderedTemplate>;
}

/** Where the picker gets templates and the page's values to fill them with. */
export interface TemplateSource {
  api: TemplatesApi;
  /** The values the page knows (ticket, contact, agent, queue). */
  context(): Promise<RenderContext>;
}

/** The templates service over HTTP with a token of the templates audience, which the manifest declares. */
export class HttpTemplatesApi implements TemplatesApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrls' | 'getToken'>, options?: ServiceClientOptions) {
    const serviceUrl = host.serviceUrls?.templates ?? '';
    this.client = new ServiceClient({ serviceUrl, getToken: () => host.getToken('templates') }, options);
  }

  /** True when the host gives this widget the templates service. */
  static available(host: Pick<HostApi, 'serviceUrls'>): boolean {
    return Boolean(host.serviceUrls?.templates);
  }

  searchTemplates(query: TemplateSearchQuery, signal?: AbortSignal): Promise<TemplateList> {
    return this.client.call(templatesApi.searchTemplates, { query, signal });
  }

  renderTemplate(id: string, body: RenderTemplateBody, signal?: AbortSignal): Promise<RenderedTemplate> {
    return this.client.call(templatesApi.renderTemplate, { params: { id }, body, signal });
  }
}
