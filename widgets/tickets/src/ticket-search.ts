import { initialState, Task, TaskStatus } from '@lit/task';
import type { HostApi, Ticket, TicketList, TicketSearchQuery } from '@switchboard/contracts';
import { errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { messages } from './messages';
import { baseStyles } from './styles';
import type { TicketFilter } from './ticket-filters';
import type { FavouriteToggle } from './ticket-row';
import type { TicketsApi } from './tickets-api';
import './ticket-filters';
import './ticket-form';
import './ticket-row';

/** Delay between the last keystroke and the search request. */
const SEARCH_DEBOUNCE_MS = 250;

const PAGE_SIZE = 25;

/** The pages after a search's first, loaded by "Load more": their tickets and the cursor of the next. */
interface LaterPages {
  /** The first page they follow. */
  of: TicketList;
  items: Ticket[];
  nextCursor: string | null;
}

/**
 * Finds a ticket for the email (K2, K3), creates one (K4) and assigns it (K1). On a successful
 * assignment it emits `ticket.assigned` on the host bus.
 *
 * @fires sb-ticket-assigned - detail: the Ticket the email is now assigned to
 * @csspart search - the search input
 * @csspart filters - the group of filter toggles (from sb-ticket-filters)
 * @csspart results - the results region
 * @csspart list - the result list
 * @csspart row - a result row (also its meta, journey, favourite and assign parts)
 * @csspart form - the new-ticket form
 */
@customElement('sb-ticket-search')
export class TicketSearch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .search {
        display: flex;
        gap: 6px;
      }
      input[type='search'] {
        flex: 1;
        min-width: 0;
      }
      .summary {
        margin: 0 0 4px;
        min-height: 1.4em;
        font-size: 0.857em;
      }
      [aria-busy='true'] ul {
        opacity: 0.6;
      }
      .load-more {
        display: block;
        width: 100%;
        margin-top: 6px;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        border-top: 1px solid ${theme.border};
      }
      .empty {
        padding: 16px 8px;
        text-align: center;
      }
      .empty p {
        margin: 0 0 8px;
      }
      .skeleton.short {
        width: 60%;
      }
    `,
  ];

  /** The host API: context, language, events. */
  @property({ attribute: false }) host?: HostApi;

  /** The tickets service. */
  @property({ attribute: false }) api?: TicketsApi;

  /** Id of the ticket the email is assigned to, marked in the list. */
  @property() assignedId = '';

  @state() private _query = '';
  @state() private _filters: ReadonlySet<TicketFilter> = new Set();
  @state() private _formOpen = false;
  /** The ticket created last, shown first and highlighted until the search changes. */
  @state() private _created?: Ticket;
  /** Favourite states toggled here, over what the last search returned. */
  @state() private _favourites: ReadonlyMap<string, boolean> = new Map();
  @state() private _assigningId = '';
  @state() private _notice = '';
  @state() private _later?: LaterPages;
  @state() private _loadingMore = false;
  /** Why the last Load more of a search failed: shown under that search's list only. */
  @state() private _moreFailure?: { of: TicketList; message: string };

  @query('input[type="search"]') private _input?: HTMLInputElement;
  @query('.new-ticket') private _newTicketButton?: HTMLButtonElement;

  private readonly hostCtl = new HostController(this, messages);
  private _debounce?: ReturnType<typeof setTimeout>;
  /** The query each first page answered, for its later pages. */
  private readonly _queries = new WeakMap<TicketList, TicketSearchQuery>();
  private _moreAbort?: AbortController;

  private readonly _search = new Task(this, {
    task: async ([q, favourites, mine, contactId, companyId], { signal }) => {
      if (!this.api) return initialState;
      const query: TicketSearchQuery = {
        limit: PAGE_SIZE,
        ...(q ? { q } : {}),
        ...(favourites ? { favourites } : {}),
        ...(mine ? { mine } : {}),
        ...(contactId ? { contactId } : {}),
        ...(companyId ? { companyId } : {}),
      };
      const list = await this.api.searchTickets(query, signal);
      this._queries.set(list, query);
      return list;
    },
    args: () => {
      const ctx = this.host ? this.hostCtl.context : undefined;
      const on = (filter: TicketFilter) => this._filters.has(filter);
      return [
        this._query,
        on('favourites'),
        on('mine'),
        on('contact') ? ctx?.contactId : undefined,
        on('company') ? ctx?.companyId : undefined,
      ] as const;
    },
  });

  /** Moves keyboard focus to the search box, e.g. after "Change ticket". */
  focusSearch(): void {
    this._input?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._debounce);
    this._moreAbort?.abort();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`
      <form class="search" role="search" aria-label=${t('searchLabel')} @submit=${this._onSearchSubmit}>
        <label class="visually-hidden" for="sb-ticket-q">${t('searchLabel')}</label>
        <input
          id="sb-ticket-q"
          type="search"
          part="search"
          autocomplete="off"
          placeholder=${t('searchPlaceholder')}
          @input=${this._onInput}
        />
        <button
          type="button"
          class="new-ticket"
          aria-expanded=${this._formOpen ? 'true' : 'false'}
          @click=${() => (this._formOpen = !this._formOpen)}
        >
          ${t('newTicket')}
        </button>
      </form>
      <sb-ticket-filters
        exportparts="filters"
        .host=${this.host}
        .value=${this._filters}
        @sb-filters-change=${this._onFiltersChange}
      ></sb-ticket-filters>
      ${this._formOpen ? this._renderForm() : nothing}
      ${this._notice ? html`<div class="alert" role="alert">${this._notice}</div>` : nothing}
      <div part="results" aria-busy=${this._search.status === TaskStatus.PENDING ? 'true' : 'false'}>
        ${this._search.render({
          pending: () => (this._search.value ? this._renderResults(this._search.value) : this._renderSkeleton()),
          complete: (list) => this._renderResults(list),
          error: (error) => this._renderError(error),
        })}
      </div>
    `;
  }

  private _renderForm() {
    return html`<sb-ticket-form
      exportparts="form"
      .host=${this.host}
      .api=${this.api}
      @sb-ticket-created=${this._onCreated}
      @sb-cancel=${this._closeForm}
    ></sb-ticket-form>`;
  }

  private _renderSkeleton() {
    const { t } = this.hostCtl;
    return html`<p class="summary muted" role="status">${t('loading')}</p>
      <div aria-hidden="true">
        ${[0, 1, 2].map(() => html`<span class="skeleton"></span><span class="skeleton short"></span>`)}
      </div>`;
  }

  private _renderResults(list: TicketList) {
    const { t } = this.hostCtl;
    const created = this._created;
    const later = this._laterOf(list);
    const found = [...list.items, ...later.items];
    const items = created ? [created, ...found.filter((item) => item.id !== created.id)] : found;
    const pending = this._search.status === TaskStatus.PENDING;
    if (items.length === 0) {
      return html`<div class="empty">
        <p role="status"><strong>${pending ? t('loading') : t('empty')}</strong></p>
        <p class="muted">${t('emptyHint')}</p>
        ${this._formOpen ? nothing : html`<button class="primary" @click=${() => (this._formOpen = true)}>${t('createFromEmpty')}</button>`}
      </div>`;
    }
    const shown = t('resultsSummary', { shown: found.length, total: this._total(list) });
    const summary = pending ? t('loading') : created ? `${t('created', { number: created.number })}. ${shown}` : shown;
    const assignBlocked = this.hostCtl.context.emailId ? '' : t('assignNoEmail');
    return html`<p class="summary muted" role="status">${summary}</p>
      <ul role="list" part="list" aria-label=${t('resultsLabel')} @sb-assign=${this._onAssign} @sb-favourite=${this._onFavourite}>
        ${repeat(
          items,
          (ticket) => ticket.id,
          (ticket) => html`<li>
            <sb-ticket-row
              exportparts="row, meta, journey, favourite, assign"
              .host=${this.host}
              .ticket=${ticket}
              .favourite=${this._favourites.get(ticket.id) ?? ticket.favourite}
              .highlighted=${ticket.id === created?.id}
              .assigned=${ticket.id === this.assignedId}
              .assigning=${ticket.id === this._assigningId}
              .assignBlocked=${assignBlocked}
            ></sb-ticket-row>
          </li>`,
        )}
      </ul>
      ${this._moreFailure?.of === list ? html`<p class="alert" role="alert">${this._moreFailure.message}</p>` : nothing}
      ${later.nextCursor && !pending
        ? html`<button type="button" class="load-more" aria-disabled=${this._loadingMore ? 'true' : 'false'} @click=${() => void this._loadMore(list)}>
            ${this._loadingMore ? t('loadingMore') : t('loadMore')}
          </button>`
        : nothing}`;
  }

  /** The pages loaded after this first page so far (none yet: the first page's cursor). */
  private _laterOf(list: TicketList): LaterPages {
    return this._later?.of === list ? this._later : { of: list, items: [], nextCursor: list.nextCursor ?? null };
  }

  /** Appends the next page of the search `list` began; a newer search drops what comes back. */
  private async _loadMore(list: TicketList): Promise<void> {
    const later = this._laterOf(list);
    const query = this._queries.get(list);
    if (this._loadingMore || !later.nextCursor || !query) return;
    const { t } = this.hostCtl;
    this._moreAbort = new AbortController();
    this._loadingMore = true;
    this._moreFailure = undefined;
    try {
      const page = await this._requireApi().searchTickets({ ...query, cursor: later.nextCursor }, this._moreAbort.signal);
      if (this._search.value !== list) return;
      this._later = { of: list, items: [...later.items, ...page.items], nextCursor: page.nextCursor ?? null };
      // The last page took the button away: keyboard focus goes on to the first ticket it brought.
      if (!this._later.nextCursor && page.items[0]) await this._focusRow(page.items[0].id);
    } catch (error) {
      if (!this._moreAbort.signal.aborted) this._moreFailure = { of: list, message: t('loadMoreFailed', { message: errorMessage(error, t) }) };
    } finally {
      this._loadingMore = false;
    }
  }

  /** The total as the contract qualifies it (decision 0019): "4,213", "10,000+" or "about 4,000". */
  private _total(list: TicketList): string {
    const { t, locale } = this.hostCtl;
    const count = list.total.toLocaleString(locale === 'cs' ? 'cs-CZ' : 'en-GB');
    if (list.totalCapped) return t('totalCapped', { count });
    return list.totalIsEstimate ? t('totalEstimate', { count }) : count;
  }

  private async _focusRow(ticketId: string): Promise<void> {
    await this.updateComplete;
    const row = [...this.renderRoot.querySelectorAll('sb-ticket-row')].find((element) => element.ticket?.id === ticketId);
    await row?.updateComplete;
    row?.shadowRoot?.querySelector('button')?.focus();
  }

  private _renderError(error: unknown) {
    const { t } = this.hostCtl;
    return html`<div class="alert" role="alert">
      <p><strong>${t('loadFailed')}</strong></p>
      <p>${errorMessage(error, t)}</p>
      <button @click=${() => void this._search.run()}>${t('retry')}</button>
    </div>`;
  }

  private _onInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this._debounce);
    this._debounce = setTimeout(() => this._setQuery(value), SEARCH_DEBOUNCE_MS);
  }

  private _onSearchSubmit(event: SubmitEvent): void {
    event.preventDefault();
    clearTimeout(this._debounce);
    this._setQuery(this._input?.value ?? '');
  }

  private _setQuery(value: string): void {
    const query = value.trim();
    if (query === this._query) return;
    this._query = query;
    this._created = undefined;
  }

  private _onFiltersChange(event: CustomEvent<ReadonlySet<TicketFilter>>): void {
    this._filters = event.detail;
    this._created = undefined;
  }

  private async _closeForm(): Promise<void> {
    this._formOpen = false;
    await this.updateComplete;
    this._newTicketButton?.focus();
  }

  private _onCreated(event: CustomEvent<Ticket>): void {
    this._created = event.detail;
    void this._closeForm();
    // Show the new ticket even when the last search found nothing or failed.
    if (this._search.status !== TaskStatus.COMPLETE || !this._search.value) void this._search.run();
  }

  private async _onFavourite(event: CustomEvent<FavouriteToggle>): Promise<void> {
    const { ticket, favourite } = event.detail;
    const { t } = this.hostCtl;
    this._notice = '';
    this._favourites = new Map(this._favourites).set(ticket.id, favourite);
    try {
      await this._requireApi().setFavourite(ticket.id, favourite);
      if (this._created?.id === ticket.id) this._created = { ...ticket, favourite };
    } catch (error) {
      this._favourites = new Map(this._favourites).set(ticket.id, !favourite);
      this._notice = t('favouriteFailed', { message: errorMessage(error, t) });
    }
  }

  private async _onAssign(event: CustomEvent<Ticket>): Promise<void> {
    const ticket = event.detail;
    const { t, context, host } = this.hostCtl;
    if (!context.emailId || this._assigningId) return;
    this._notice = '';
    this._assigningId = ticket.id;
    try {
      await this._requireApi().assignEmail(context.emailId, ticket.id);
    } catch (error) {
      this._notice = t('assignFailed', { message: errorMessage(error, t) });
      return;
    } finally {
      this._assigningId = '';
    }
    const assigned = { ...ticket, favourite: this._favourites.get(ticket.id) ?? ticket.favourite };
    // The shell makes these the page's contact and company: keep the page's when the ticket has none.
    const contactId = ticket.contactId ?? context.contactId;
    const companyId = ticket.companyId ?? context.companyId;
    host.emit('ticket.assigned', {
      emailId: context.emailId,
      ticket: { id: ticket.id, number: ticket.number, title: ticket.title },
      ...(contactId ? { contactId } : {}),
      ...(companyId ? { companyId } : {}),
    });
    this.dispatchEvent(new CustomEvent<Ticket>('sb-ticket-assigned', { detail: assigned, bubbles: true }));
  }

  private _requireApi(): TicketsApi {
    if (!this.api) throw new Error('sb-ticket-search needs an api');
    return this.api;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-ticket-search': TicketSearch;
  }
}
