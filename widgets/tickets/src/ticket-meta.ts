import type { Ticket } from '@switchboard/contracts';
import type { Translate } from '@switchboard/widget-sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageKey } from './messages';

/**
 * Status and priority badges plus contact and company names, as shown in a list row and on the
 * assigned-ticket card. Hidden labels make the badges read as "Status: Open" to screen readers.
 * Needs `ticketMetaStyles` and `baseStyles` in the rendering element.
 */
export function renderTicketMeta(ticket: Ticket, t: Translate<MessageKey>): TemplateResult {
  const labelled = (label: MessageKey, value: string | null) =>
    value ? html`<span><span class="visually-hidden">${t(label)}: </span>${value}</span>` : nothing;
  return html`<div class="meta" part="meta">
    <span class="badge status-${ticket.status}"><span class="visually-hidden">${t('statusLabel')}: </span>${t(`status_${ticket.status}`)}</span>
    <span class="badge priority-${ticket.priority}"
      ><span class="visually-hidden">${t('priorityLabel')}: </span>${t(`priority_${ticket.priority}`)}</span
    >
    ${labelled('contactLabel', ticket.contactName)} ${labelled('companyLabel', ticket.companyName)}
  </div>`;
}
