import {
  templatesApi,
  type CreateMacroBody,
  type CreateTemplateBody,
  type Macro,
  type MacroList,
  type PatchMacroBody,
  type PatchTemplateBody,
  type Template,
  type TemplateList,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The templates service's calls of the shell's Templates page: templates and macros, read and written. */
export class TemplatesClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/templates', getToken: () => tokens.getToken('templates') }, options);
  }

  /** Every visible template (frames and answers), most used first. */
  templates(signal?: AbortSignal): Promise<TemplateList> {
    return this.client.call(templatesApi.searchTemplates, { query: { limit: 500 }, signal });
  }

  /** One template with its body. */
  template(id: string, signal?: AbortSignal): Promise<Template> {
    return this.client.call(templatesApi.getTemplate, { params: { id }, signal });
  }

  /** Creates one; a 400 `UNKNOWN_VARIABLE` names a variable templates do not know. */
  createTemplate(body: CreateTemplateBody): Promise<Template> {
    return this.client.call(templatesApi.createTemplate, { body });
  }

  /** Saves changes; a 409 when someone saved since `body.version`. */
  updateTemplate(id: string, body: PatchTemplateBody): Promise<Template> {
    return this.client.call(templatesApi.updateTemplate, { params: { id }, body });
  }

  /** Deletes one; a 409 `TEMPLATE_IN_USE` for a frame that still has answers. */
  deleteTemplate(id: string): Promise<void> {
    return this.client.call(templatesApi.deleteTemplate, { params: { id } });
  }

  /** The macros the caller may run. */
  macros(signal?: AbortSignal): Promise<MacroList> {
    return this.client.call(templatesApi.listMacros, { signal });
  }

  createMacro(body: CreateMacroBody): Promise<Macro> {
    return this.client.call(templatesApi.createMacro, { body });
  }

  updateMacro(id: string, body: PatchMacroBody): Promise<Macro> {
    return this.client.call(templatesApi.updateMacro, { params: { id }, body });
  }

  deleteMacro(id: string): Promise<void> {
    return this.client.call(templatesApi.deleteMacro, { params: { id } });
  }
}

/** What the Templates page needs of the service; tests give a memory one. */
export type TemplatesPageClient = Pick<
  TemplatesClient,
  'templates' | 'template' | 'createTemplate' | 'updateTemplate' | 'deleteTemplate' | 'macros' | 'createMacro' | 'updateMacro' | 'deleteMacro'
>;
