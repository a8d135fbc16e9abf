import type { RenderedTemplate, RenderTemplateBody, TemplateList, TemplateSearchQuery, TemplateSummary } from '@switchboard/contracts';
import type { TemplatesApi } from '../templates-api';

/** A template of the in-memory service: its summary, and the variables its answer (with frame) uses. */
export interface MemoryTemplate extends TemplateSummary {
  /** The rendered text with `{name}` for each variable, e.g. `Hello {contact.firstName}`. */
  text?: string;
}

/** The templates service in memory, for dom tests: it records every call. */
export interface MemoryTemplatesApi extends TemplatesApi {
  searches: TemplateSearchQuery[];
  renders: { id: string; body: RenderTemplateBody }[];
}

/**
 * Answers like the templates service over `templates`: searches by name (case and diacritics
 * ignored), renders `text` with the context and typed values, listing what is missing.
 */
export function createMemoryTemplatesApi(templates: MemoryTemplate[]): MemoryTemplatesApi {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const searches: TemplateSearchQuery[] = [];
  const renders: { id: string; body: RenderTemplateBody }[] = [];
  return {
    searches,
    renders,
    async searchTemplates(query): Promise<TemplateList> {
      searches.push(query);
      const items = templates
        .filter((t) => (!query.kind || t.kind === query.kind) && (!query.q || fold(t.name).includes(fold(query.q))))
        .map(({ text: _text, ...summary }) => summary);
      return { items };
    },
    async renderTemplate(id, body): Promise<RenderedTemplate> {
      renders.push({ id, body });
      const template = templates.find((t) => t.id === id);
      if (!template) throw new Error(`No template ${id}`);
      const context = body.context ?? {};
      const known: Record<string, string | undefined> = {
        'agent.name': context.agent?.name,
        'ticket.number': context.ticket?.number?.toString(),
        'ticket.title': context.ticket?.title,
        ...body.values,
      };
      const text = template.text ?? template.name;
      const missing = [...text.matchAll(/\{([\w.]+)\}/g)].map((m) => m[1]!).filter((name) => !known[name]);
      const filled = text.replace(/\{([\w.]+)\}/g, (_, name: string) => known[name] ?? `<mark data-variable="${name}">[${name}]</mark>`);
      return missing.length
        ? { html: null, text: null, preview: `<p>${filled}</p>`, missing }
        : { html: `<p>${filled}</p>`, text: filled, preview: `<p>${filled}</p>`, missing: [] };
    },
  };
}
