import type { HostApi } from '@switchboard/contracts';
import { HostController, theme, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatCzk, formatDay } from './format';
import { messages } from './messages';
import { ordersFor, type Order } from './orders';

/**
 * Order lookup: the demo shop's orders of the page's contact, each with an *Insert into reply*
 * button that asks the Email widget (event `composer.insertText`) to insert a sentence about the
 * order. It reaches the page only through the host API: no DOM outside its element, no storage.
 */
@customElement('order-lookup-widget')
export class OrderLookupWidget extends LitElement {
  /** The SDK's platform look (`widgetStyles`, theme tokens), then this widget's own rules. */
  static override styles = [
    widgetStyles,
    css`
      :host {
        padding: 8px;
      }
      h3 {
        margin: 0 0 2px;
        font-size: 1em;
      }
      .muted {
        margin: 0 0 6px;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        padding: 6px 0;
        border-top: 1px solid ${theme.border};
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 4px 8px;
      }
      .number {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .badge {
        font-size: 0.857em;
      }
      .line {
        margin: 0;
        font-size: 0.929em;
      }
      button {
        margin-top: 4px;
        border-color: ${theme.accent};
        color: ${theme.accent};
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the agent's layout (none used). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** Number of the order last inserted into the reply, announced to screen readers. */
  @state() private _inserted?: string;

  private readonly hostCtl = new HostController(this, messages);

  override render() {
    if (!this.host) return nothing;
    const { t, context } = this.hostCtl;
    const { contactId, ticket } = context;
    if (!contactId) {
      return html`<h3>${t('heading')}</h3>
        <p class="muted">${t('noContact')}</p>`;
    }
    return html`<h3>${t('heading')}</h3>
      ${ticket ? html`<p class="muted">${t('ticketNote', { number: ticket.number })}</p>` : nothing}
      <ul aria-label=${t('ordersLabel')}>
        ${ordersFor(contactId).map((order) => this._renderOrder(order))}
      </ul>
      <p class="muted" role="status">${this._inserted ? t('inserted', { number: this._inserted }) : ''}</p>`;
  }

  private _renderOrder(order: Order) {
    const { t, locale } = this.hostCtl;
    return html`<li>
      <div class="head">
        <span class="number">${order.number}</span>
        <span class="badge">${t(`status_${order.status}`)}</span>
      </div>
      <p class="line">${t('placedOn', { date: formatDay(order.placedOn, locale) })} · ${t('total', { total: formatCzk(order.totalCzk, locale) })}</p>
      <p class="line">${order.items.join(', ')}</p>
      ${order.tracking ? html`<p class="line">${t('tracking', { code: order.tracking })}</p>` : nothing}
      <button type="button" aria-label=${t('insertLabel', { number: order.number })} @click=${() => this._insert(order)}>
        ${t('insert')}
      </button>
    </li>`;
  }

  /** Asks the Email widget to insert a sentence about the order into the reply being written. */
  private _insert(order: Order): void {
    const { t, locale, host } = this.hostCtl;
    const text = t(`reply_${order.status}`, {
      number: order.number,
      date: formatDay(order.placedOn, locale),
      items: order.items.join(', '),
      total: formatCzk(order.totalCzk, locale),
      tracking: order.tracking ?? '',
    });
    host.emit('composer.insertText', { text });
    this._inserted = order.number;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'order-lookup-widget': OrderLookupWidget;
  }
}
