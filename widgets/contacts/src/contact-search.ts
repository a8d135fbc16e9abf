import { initialState, Task } from '@lit/task';
import type { ContactSummary, HostApi } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ContactsApi } from './crm-api';
import { messages } from './messages';
import { baseStyles } from './styles';

const DEBOUNCE_MS = 250;

/**
 * Finds another contact to pair with the ticket (C4): a search box over `GET /contacts?q=` and
 * a Pair button per result.
 *
 * @fires sb-pair - detail: the chosen `ContactSummary`
 * @fires sb-cancel - the agent closed the search
 */
@customElement('sb-contact-search')
export class ContactSearch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        padding: 4px 0;
      }
      .who {
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The CRM service. */
  @property({ attribute: false }) api?: ContactsApi;

  /** What the agent searched for (after the debounce, or at once on Enter). */
  @state() private _query = '';

  @query('input') private _input?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);
  private _timer?: ReturnType<typeof setTimeout>;

  private readonly _results = new Task(this, {
    task: ([api, q], { signal }) => (api && q ? api.searchContacts(q, signal) : initialState),
    args: () => [this.api, this._query] as const,
  });

  override firstUpdated(): void {
    this._input?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`<div role="search" aria-label=${t('searchLabel')}>
        <label for="q" class="visually-hidden">${t('searchLabel')}</label>
        <input id="q" type="search" placeholder=${t('searchPlaceholder')} @input=${this._onInput} @keydown=${this._onKeyDown} />
      </div>
      ${this._results.render({
        pending: () => html`<p class="muted" role="status">${t('loadingMore')}</p>`,
        complete: (list) =>
          list.items.length === 0
            ? html`<p class="muted" role="status">${t('searchEmpty')}</p>`
            : html`<ul class="plain" aria-label=${t('searchLabel')}>
                ${list.items.map((contact) => this._renderResult(contact))}
              </ul>`,
        error: (error) => html`<p class="alert" role="alert">${t('searchFailed')}: ${errorMessage(error, t)}</p>`,
      })}
      <div class="actions"><button type="button" @click=${this._onCancel}>${t('cancel')}</button></div>`;
  }

  private _renderResult(contact: ContactSummary) {
    const { t } = this.hostCtl;
    const detail = [contact.primaryEmail, contact.company?.name].filter(Boolean).join(' · ');
    return html`<li>
      <span class="who"><strong>${contact.name}</strong>${detail ? html`<br /><span class="muted">${detail}</span>` : nothing}</span>
      <button type="button" aria-label=${t('pair', { name: contact.name })} @click=${() => this._onPair(contact)}>${t('pairButton')}</button>
    </li>`;
  }

  private _onInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this._timer);
    this._timer = setTimeout(() => (this._query = value), DEBOUNCE_MS);
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      clearTimeout(this._timer);
      this._query = (event.target as HTMLInputElement).value.trim();
    } else if (event.key === 'Escape') {
      this._onCancel();
    }
  }

  private _onPair(contact: ContactSummary): void {
    this.dispatchEvent(new CustomEvent<ContactSummary>('sb-pair', { detail: contact, bubbles: true, composed: true }));
  }

  private _onCancel(): void {
    this.dispatchEvent(new CustomEvent('sb-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-contact-search': ContactSearch;
  }
}
