import { initialState, Task } from '@lit/task';
import type { Company, HostApi, MailAddress } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { PageSubject } from '../../contacts/src/page-subject';
import { baseStyles, homeIcon } from '../../contacts/src/styles';
import { HttpCompaniesApi, type CompaniesApi } from './companies-api';
import type { CompanyCard } from './company-card';
import { messages } from './messages';
import './company-card';
import './company-form';

/**
 * The Companies widget of the email detail page (C1-C3, C5, C7): the company of the ticket, else
 * of the ticket's contact, else of the contacts with the customer's address, else the company
 * using the address's domain.
 *
 * @csspart card - the company card
 */
@customElement('sb-companies-widget')
export class CompaniesWidget extends LitElement {
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
        justify-content: flex-end;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** The CRM service; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: CompaniesApi;

  @state() private _editing = false;
  /** A saved copy newer than the one loaded. */
  @state() private _saved?: Company;

  @query('sb-company-card') private _card?: CompanyCard;

  private readonly hostCtl = new HostController(this, messages);
  private readonly subject = new PageSubject(this);

  private readonly _found = new Task(this, {
    task: async ([api, companyId, contactId, customer], { signal }): Promise<Company | null | typeof initialState> => {
      if (!api) return initialState;
      if (companyId) return api.getCompany(companyId, signal);
      if (contactId) {
        const contact = await api.getContact(contactId, signal);
        if (contact.company) return api.getCompany(contact.company.id, signal);
      }
      if (customer === undefined) return contactId ? null : initialState;
      return customer ? this._companyOfAddress(api, customer, signal) : null;
    },
    args: () => {
      const context = this.host ? this.hostCtl.context : undefined;
      return [
        this.api,
        context ? this.subject.companyIdOf(context) : null,
        context ? this.subject.contactOf(context)?.id : undefined,
        this.subject.customer,
      ] as const;
    },
  });

  override willUpdate(): void {
    if (!this.host) return;
    this.api ??= new HttpCompaniesApi(this.host);
  }

  override render() {
    if (!this.host) return nothing;
    const { t, context } = this.hostCtl;
    return html`<div class="bar">
        <button type="button" class="icon link" aria-label=${t('home')} title=${t('home')} @click=${() => this._openHome()}>
          ${homeIcon}
        </button>
      </div>
      ${this._found.render({
        initial: () => html`<p class="muted" role="status">${context.emailId ? t('waiting') : t('noEmail')}</p>`,
        pending: () => html`<p class="muted" role="status">${t('loading')}</p>`,
        error: (error) => html`<div class="alert" role="alert">
          <p>${t('loadFailed')}: ${errorMessage(error, t)}</p>
          <button type="button" @click=${() => void this._found.run()}>${t('retry')}</button>
        </div>`,
        complete: (found) => {
          const shown = this._shown(found);
          if (!shown) return html`<p class="muted">${t('noCompany')}</p>`;
          return this._editing
            ? html`<sb-company-form
                .host=${this.host}
                .api=${this.api}
                .company=${shown}
                @sb-company-saved=${this._onSaved}
                @sb-cancel=${this._onClosed}
              ></sb-company-form>`
            : html`<sb-company-card exportparts="card" .host=${this.host} .company=${shown} @sb-edit=${() => (this._editing = true)}></sb-company-card>`;
        },
      })}`;
  }

  /** The company of the first contact with the address, else the one using its domain. */
  private async _companyOfAddress(api: CompaniesApi, customer: MailAddress, signal: AbortSignal): Promise<Company | null> {
    const { items } = await api.matchContacts(customer.address, signal);
    const known = items.find((contact) => contact.company)?.company;
    if (known) return api.getCompany(known.id, signal);
    const domain = customer.address.split('@').pop()?.trim().toLowerCase();
    if (!domain) return null;
    const companies = await api.matchCompanies(domain, signal);
    return companies.items[0] ?? null;
  }

  private _shown(found: Company | null | undefined): Company | null {
    const company = found ?? null;
    return company && this._saved?.id === company.id && this._saved.version >= company.version ? this._saved : company;
  }

  /** C5: the CRM module's home, behind the email, so the agent goes on answering. */
  private _openHome(): void {
    this.hostCtl.host.openTab({ path: '/crm', title: this.hostCtl.t('crmTab'), background: true });
  }

  private async _onSaved(event: CustomEvent<Company>): Promise<void> {
    this._saved = event.detail;
    await this._onClosed();
  }

  private async _onClosed(): Promise<void> {
    this._editing = false;
    await this.updateComplete;
    await this._card?.updateComplete;
    this._card?.focusHeading();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-companies-widget': CompaniesWidget;
  }
}
