import type { HostApi } from '@switchboard/contracts';
import { HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { messages } from './messages';
import { baseStyles } from './styles';

/** The combinable filters of K3. */
export type TicketFilter = 'favourites' | 'mine' | 'contact' | 'company';

const FILTERS: readonly TicketFilter[] = ['favourites', 'mine', 'contact', 'company'];

/**
 * Toggle buttons for the ticket filters (K3). "This contact's" and "This company's" explain in a
 * tooltip why they do nothing when the page has no contact or company, and stay focusable.
 *
 * @fires sb-filters-change - detail: the new set of active filters
 * @csspart filters - the group of toggles
 */
@customElement('sb-ticket-filters')
export class TicketFilters extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin: 8px 0;
      }
      button {
        min-height: 26px;
        padding: 2px 8px;
        border-radius: 999px;
        font-size: 0.929em;
      }
      button[aria-pressed='true'] {
        border-color: ${theme.accent};
        background: ${theme.accentSoft};
        color: ${theme.accentText};
      }
      button[aria-pressed='true']::before {
        content: '✓';
      }
    `,
  ];

  /** The host API: context (contact, company) and language. */
  @property({ attribute: false }) host?: HostApi;

  /** The active filters. */
  @property({ attribute: false }) value: ReadonlySet<TicketFilter> = new Set();

  private readonly hostCtl = new HostController(this, messages);

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`<div class="filters" role="group" aria-label=${t('filtersLabel')} part="filters">
      ${FILTERS.map((filter) => {
        const unavailable = this._unavailable(filter);
        return html`<button
          type="button"
          aria-pressed=${this.value.has(filter) && !unavailable ? 'true' : 'false'}
          aria-disabled=${unavailable ? 'true' : 'false'}
          title=${unavailable || nothing}
          @click=${() => this._toggle(filter)}
        >
          ${t(`filter_${filter}`)}
        </button>`;
      })}
    </div>`;
  }

  /** Why a filter cannot apply on this page, or '' when it can. */
  private _unavailable(filter: TicketFilter): string {
    const { t, context } = this.hostCtl;
    if (filter === 'contact' && !context.contactId) return t('filterNoContact');
    if (filter === 'company' && !context.companyId) return t('filterNoCompany');
    return '';
  }

  private _toggle(filter: TicketFilter): void {
    if (this._unavailable(filter)) return;
    const next = new Set(this.value);
    if (!next.delete(filter)) next.add(filter);
    this.dispatchEvent(new CustomEvent<ReadonlySet<TicketFilter>>('sb-filters-change', { detail: next, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-ticket-filters': TicketFilters;
  }
}
