import { initialState, Task } from '@lit/task';
import type { Contact, ContactSummary, HostApi, NamedRef } from '@switchboard/contracts';
import { errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ContactCard, Pairing } from './contact-card';
import { HttpContactsApi, type ContactsApi } from './crm-api';
import { messages } from './messages';
import { PageSubject } from './page-subject';
import { baseStyles, chainIcon, homeIcon } from './styles';
import './activity-list';
import './contact-card';
import './contact-form';
import './contact-search';

type Tab = 'contact' | 'activities';
type Mode = 'view' | 'edit' | 'create' | 'search';

/** What the widget found for the page: the contact shown and every contact with the customer's address. */
interface Found {
  contact: Contact | null;
  matches: Contact[];
}

/**
 * The Contacts widget of the email detail page (C1-C9, N2): the CRM contact of the email's
 * ticket, else of the customer's address; its activities; editing, pairing, adding.
 *
 * @csspart tabs - the Contact / Activities tab list and the Home button
 * @csspart card - the contact card
 * @csspart journey - the card's "Customer journey" button (N4)
 * @csspart matches - the other contacts with the same address (C6)
 */
@customElement('sb-contacts-widget')
export class ContactsWidget extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 8px;
        container-type: inline-size;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 4px;
        margin-bottom: 8px;
        border-bottom: 1px solid ${theme.border};
      }
      [role='tablist'] {
        display: flex;
        gap: 2px;
        flex: 1;
      }
      [role='tab'] {
        border: none;
        border-bottom: 3px solid transparent;
        border-radius: 0;
        background: none;
      }
      [role='tab'][aria-selected='true'] {
        border-bottom-color: ${theme.accent};
        font-weight: 600;
      }
      .matches {
        margin-top: 10px;
      }
      .matches h4 {
        margin: 0 0 4px;
        font-size: 0.929em;
      }
      .matches li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        padding: 3px 0;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** The CRM service; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: ContactsApi;

  /** The tab the agent chose; until then Contact, or Activities for an unknown sender (C9). */
  @state() private _tab?: Tab;
  @state() private _mode: Mode = 'view';
  /** A contact the agent loaded from the matches (C6) or just added (C9). */
  @state() private _selectedId?: string;
  /** A saved copy newer than the one loaded. */
  @state() private _saved?: Contact;
  /** A pairing asked of the Tickets widget and not yet answered. */
  @state() private _pairing = false;
  /** Why the Tickets widget could not pair as asked. */
  @state() private _pairFailure?: string;

  @query('sb-contact-card') private _card?: ContactCard;

  private readonly hostCtl = new HostController(this, messages);
  private readonly subject = new PageSubject(this, () => {
    this._pairing = false;
    this._selectedId = undefined;
  });
  private _offPairFailed?: () => void;

  private readonly _found = new Task(this, {
    task: async ([api, ticketContactId, customer, selectedId], { signal }): Promise<Found | typeof initialState> => {
      if (!api) return initialState;
      const address = customer?.address;
      const matches = address ? api.matchContacts(address, signal).then((m) => m.items) : Promise.resolve([]);
      const id = selectedId ?? ticketContactId;
      if (id) {
        const [contact, all] = await Promise.all([api.getContact(id, signal), matches]);
        return { contact, matches: all };
      }
      if (customer === undefined) return initialState;
      const all = await matches;
      return { contact: all[0] ?? null, matches: all };
    },
    args: () =>
      [this.api, this._ticketContact()?.id, this.subject.customer, this._selectedId] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._offPairFailed = this.host?.on('contact.pairFailed', ({ ticketId, message }) => {
      if (ticketId !== this.hostCtl.context.ticket?.id) return;
      this._pairing = false;
      this._pairFailure = message;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offPairFailed?.();
  }

  override willUpdate(): void {
    if (!this.host) return;
    this.api ??= new HttpContactsApi(this.host);
  }

  override render() {
    if (!this.host) return nothing;
    const found = this._found.value;
    // C9: an unknown sender opens on Activities; a page without a customer address stays on Contact.
    const tab = this._tab ?? (found && !found.contact && this.subject.customer ? 'activities' : 'contact');
    return html`${this._renderBar(tab)}
      <div role="tabpanel" id="panel" aria-labelledby="tab-${tab}">${this._renderPanel(tab)}</div>`;
  }

  private _renderBar(tab: Tab) {
    const { t } = this.hostCtl;
    const tabButton = (name: Tab, label: string) =>
      html`<button
        type="button"
        role="tab"
        id="tab-${name}"
        aria-selected=${tab === name ? 'true' : 'false'}
        aria-controls="panel"
        tabindex=${tab === name ? 0 : -1}
        @click=${() => this._selectTab(name)}
      >
        ${label}
      </button>`;
    return html`<div class="bar" part="tabs">
      <div role="tablist" aria-label=${t('tabsLabel')} @keydown=${this._onTabKey}>
        ${tabButton('contact', t('tabContact'))} ${tabButton('activities', t('tabActivities'))}
      </div>
      <button
        type="button"
        class="icon link"
        aria-label=${t('home')}
        title=${t('home')}
        @click=${() => this._openHome()}
      >
        ${homeIcon}
      </button>
    </div>`;
  }

  private _renderPanel(tab: Tab) {
    const { t, context } = this.hostCtl;
    if (this._mode === 'create') return this._renderCreate();
    return this._found.render({
      initial: () => html`<p class="muted" role="status">${context.emailId ? t('waiting') : t('noEmail')}</p>`,
      pending: () => html`<p class="muted" role="status">${t('loading')}</p>`,
      error: (error) => html`<div class="alert" role="alert">
        <p>${t('loadFailed')}: ${errorMessage(error, t)}</p>
        <button type="button" @click=${() => void this._found.run()}>${t('retry')}</button>
      </div>`,
      complete: (found) => {
        const contact = this._shown(found);
        if (!contact) return this._renderUnknown();
        if (tab === 'activities') {
          return html`<sb-activity-list .host=${this.host} .api=${this.api} .contact=${contact}></sb-activity-list>`;
        }
        return html`${this._renderContact(contact)} ${this._renderMatches(found.matches, contact)}`;
      },
    });
  }

  private _renderContact(contact: Contact) {
    if (this._mode === 'edit') {
      return html`<sb-contact-form
        .host=${this.host}
        .api=${this.api}
        .contact=${contact}
        @sb-contact-saved=${this._onSaved}
        @sb-cancel=${this._onFormClosed}
      ></sb-contact-form>`;
    }
    if (this._mode === 'search') {
      return html`<sb-contact-search .host=${this.host} .api=${this.api} @sb-pair=${this._onPairFound} @sb-cancel=${this._onFormClosed}></sb-contact-search>`;
    }
    const failure = this._pairFailure
      ? html`<p class="alert" role="alert">${this.hostCtl.t('pairFailed', { message: this._pairFailure })}</p>`
      : nothing;
    return html`${failure}<sb-contact-card
      exportparts="card, journey"
      .host=${this.host}
      .contact=${contact}
      .pairing=${this._pairingOf(contact)}
      ?busy=${this._pairing}
      @sb-edit=${() => (this._mode = 'edit')}
      @sb-unpair=${() => this._requestPair(null, null)}
      @sb-pair-this=${() => this._requestPair(contact, contact.company)}
      @sb-pair-another=${() => (this._mode = 'search')}
    ></sb-contact-card>`;
  }

  /** C6: the other contacts with the customer's address, each with a chain button that loads it. */
  private _renderMatches(matches: Contact[], shown: Contact) {
    const others = matches.filter((m) => m.id !== shown.id);
    if (others.length === 0 || this._mode !== 'view') return nothing;
    const { t } = this.hostCtl;
    return html`<section class="matches" part="matches" aria-labelledby="matches-heading">
      <h4 id="matches-heading">${t('matchesHeading')}</h4>
      <ul class="plain">
        ${others.map(
          (match) => html`<li>
            <span>${match.name}${match.company ? html` <span class="muted">· ${match.company.name}</span>` : nothing}</span>
            <button type="button" class="icon" aria-label=${t('loadMatch', { name: match.name })} title=${t('loadMatch', { name: match.name })} @click=${() => this._load(match.id)}>
              ${chainIcon}
            </button>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  /** C9: the customer's address is no contact's; offer to add one. */
  private _renderUnknown() {
    const { t } = this.hostCtl;
    const customer = this.subject.customer;
    if (!customer) return html`<p class="muted">${t('noEmail')}</p>`;
    return html`<p>${t('unknownSender', { address: customer.address })}</p>
      <div class="actions">
        <button type="button" class="primary" @click=${() => (this._mode = 'create')}>${t('addContact')}</button>
      </div>`;
  }

  private _renderCreate() {
    const customer = this.subject.customer;
    const prefill = { name: customer?.name ?? '', email: customer?.address ?? '' };
    return html`<sb-contact-form
      .host=${this.host}
      .api=${this.api}
      .prefill=${prefill}
      @sb-contact-saved=${this._onCreated}
      @sb-cancel=${this._onFormClosed}
    ></sb-contact-form>`;
  }

  /** The ticket's contact, as re-paired on this page or from the context. */
  private _ticketContact() {
    return this.host ? this.subject.contactOf(this.hostCtl.context) : null;
  }

  /** The contact to show: the newest saved copy of the one found. */
  private _shown(found: Found | undefined): Contact | null {
    const contact = found?.contact ?? null;
    return contact && this._saved?.id === contact.id && this._saved.version >= contact.version ? this._saved : contact;
  }

  private _pairingOf(contact: Contact): Pairing {
    const ticket = this.hostCtl.context.ticket;
    if (!ticket) return { kind: 'no-ticket' };
    return this._ticketContact()?.id === contact.id ? { kind: 'paired', ticketNumber: ticket.number } : { kind: 'other', ticketNumber: ticket.number };
  }

  /** C4, C9: asks the Tickets widget to pair the ticket (it alone may call tickets); `contact.paired` answers. */
  private _requestPair(contact: NamedRef | null, company: NamedRef | null): void {
    const { context, host } = this.hostCtl;
    if (!context.ticket || this._pairing) return;
    this._pairing = true;
    this._pairFailure = undefined;
    host.emit('contact.pairRequested', {
      ...(context.emailId ? { emailId: context.emailId } : {}),
      ticketId: context.ticket.id,
      contact: contact && { id: contact.id, name: contact.name },
      company: company && { id: company.id, name: company.name },
    });
  }

  private async _load(id: string): Promise<void> {
    this._selectedId = id;
    this._mode = 'view';
    await this._found.taskComplete.catch(() => undefined);
    await this.updateComplete;
    await this._card?.updateComplete;
    this._card?.focusHeading();
  }

  private _selectTab(tab: Tab): void {
    this._tab = tab;
    if (this._mode !== 'create') this._mode = 'view';
  }

  private _onTabKey(event: KeyboardEvent): void {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const current = this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.id;
    const next: Tab = event.key === 'Home' ? 'contact' : event.key === 'End' ? 'activities' : current === 'tab-contact' ? 'activities' : 'contact';
    this._selectTab(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  }

  /** C5: the CRM module's home, behind the email, so the agent goes on answering. */
  private _openHome(): void {
    this.hostCtl.host.openTab({ path: '/crm', title: this.hostCtl.t('crmTab'), background: true });
  }

  private _onSaved(event: CustomEvent<Contact>): void {
    const contact = event.detail;
    this._saved = contact;
    this._mode = 'view';
    // The Tickets widget shows the new name at once; the tickets' copies follow the CRM's events.
    this.hostCtl.host.emit('contact.changed', { contact: { id: contact.id, name: contact.name }, company: contact.company });
  }

  private _onCreated(event: CustomEvent<Contact>): void {
    const contact = event.detail;
    this._saved = contact;
    this._mode = 'view';
    this._tab = 'contact';
    void this._load(contact.id);
    this._requestPair(contact, contact.company);
  }

  private _onPairFound(event: CustomEvent<ContactSummary>): void {
    const found = event.detail;
    this._mode = 'view';
    this._requestPair(found, found.company);
  }

  private _onFormClosed(): void {
    this._mode = 'view';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-contacts-widget': ContactsWidget;
  }
}
