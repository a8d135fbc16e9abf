import type { MailAddress, WidgetContext } from '@switchboard/contracts';

/** What a URL template's placeholders are filled from: the page context and the email's customer. */
export interface TemplateValues {
  context: WidgetContext;
  /** The customer's address on the page's email, once the Email widget told it. */
  customer?: MailAddress | null;
}

/** The placeholders a URL template may use, and where each value comes from. */
const PLACEHOLDERS: Record<string, (v: TemplateValues) => string | number | undefined> = {
  'contact.email': (v) => v.customer?.address,
  'contact.name': (v) => v.customer?.name ?? undefined,
  'contact.id': (v) => v.context.contactId,
  'company.id': (v) => v.context.companyId,
  'email.id': (v) => v.context.emailId,
  'ticket.id': (v) => v.context.ticket?.id,
  'ticket.number': (v) => v.context.ticket?.number,
  'user.id': (v) => v.context.user.id,
  'user.locale': (v) => v.context.user.locale,
};

/** The URL a template gives, or why it gives none. */
export type FilledUrl = { ok: true; url: URL } | { ok: false; reason: 'empty' | 'invalid' | 'scheme' | 'same-origin' };

/**
 * Fills `{{name}}` placeholders with URL-encoded values (an unknown or missing value: empty) and
 * checks the result: an absolute http(s) URL of another origin than the shell's. A page of the
 * shell's own origin is refused: with scripts and same-origin allowed it could reach the shell.
 */
export function fillUrlTemplate(template: string, values: TemplateValues, shellOrigin: string): FilledUrl {
  const filled = template.trim().replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_all, name: string) => {
    const value = PLACEHOLDERS[name]?.(values);
    return value === undefined ? '' : encodeURIComponent(String(value));
  });
  if (!filled) return { ok: false, reason: 'empty' };
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (url.origin === shellOrigin) return { ok: false, reason: 'same-origin' };
  return { ok: true, url };
}
