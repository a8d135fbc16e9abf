import {
  templatesApi,
  type HostApi,
  type RenderedTemplate,
  type RenderTemplateBody,
  type TemplateList,
  type TemplateSearchQuery,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** The calls the Templates widget makes to the templates service. */
export interface TemplatesApi {
  /** `GET /templates`: the tree or a search (E10). */
  searchTemplates(query: TemplateSearchQuery, signal?: AbortSignal): Promise<TemplateList>;
  /** `POST /templates/:id/render`: an answer inside its frame, or the variables still missing. */
  renderTemplate(id: string, body: RenderTemplateBody, signal?: AbortSignal): Promise<RenderedTemplate>;
}

/** The templates service over HTTP, with a token for the templates audience on every call. */
export class HttpTemplatesApi implements TemplatesApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrl' | 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient(host, options);
  }

  searchTemplates(query: TemplateSearchQuery, signal?: AbortSignal): Promise<TemplateList> {
    return this.client.call(templatesApi.searchTemplates, { query, signal });
  }

  renderTemplate(id: string, body: RenderTemplateBody, signal?: AbortSignal): Promise<RenderedTemplate> {
    return this.client.call(templatesApi.renderTemplate, { params: { id }, body, signal });
  }
}
