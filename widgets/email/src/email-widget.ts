import type { HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { messages } from './messages';

/**
 * The Email widget of the email detail page. A placeholder until the composer lands: it shows
 * the header with the assigned ticket (E1), following `context.changed`.
 *
 * @csspart header - the header with the title and the ticket
 * @csspart ticket - the "#number - title" line
 */
@customElement('sb-email-widget')
export class EmailWidget extends LitElement {
  static override styles = css`
    :host {
      display: block;
      padding: 8px 12px;
      font-family: var(--sb-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      font-size: var(--sb-font-size, 14px);
      line-height: 1.4;
      color: var(--sb-text, #1f2328);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 12px;
      padding-bottom: 6px;
      border-bottom: 1px solid var(--sb-border, #d0d7de);
    }
    h3 {
      margin: 0;
      font-size: 1.143em;
    }
    .ticket {
      margin: 0;
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .number {
      font-variant-numeric: tabular-nums;
      color: var(--sb-accent, #0b57d0);
    }
    .muted {
      margin: 0;
      color: var(--sb-text-muted, #59636e);
    }
    .note {
      margin: 10px 0 0;
    }
  `;

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  private readonly hostCtl = new HostController(this, messages);

  override render() {
    if (!this.host) return nothing;
    const { t, context } = this.hostCtl;
    const ticket = context.ticket;
    return html`<header part="header">
        <h3>${t('heading')}</h3>
        ${ticket
          ? html`<p class="ticket" part="ticket"><span class="number">#${ticket.number}</span> - ${ticket.title}</p>`
          : html`<p class="muted">${t('noTicket')}</p>`}
      </header>
      <p class="note muted">${t('composerNote')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-email-widget': EmailWidget;
  }
}
