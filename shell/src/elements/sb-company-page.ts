import { Task } from '@lit/task';
import type { Company, ContactSummary, Locale } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { backLink, openInTab } from '../crm/crm-links';
import { crmRecordStyles } from '../crm/record-styles';
import { translate } from '../messages';
import { companyPath, contactPath, slaPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { modulePageStyles, sharedStyles } from './shared-styles';

/**
 * A company in the CRM module (C2, C7): the record with its SLA reference, and its contacts (by
 * name, paged), each opening its contact page. The tab is titled with the company's name.
 */
@customElement('sb-company-page')
export class SbCompanyPage extends LitElement {
  static override styles = [sharedStyles, modulePageStyles, crmRecordStyles];

  /** Id of the company shown. */
  @property() companyId = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  /** Contacts of later pages, after the first. */
  @state() private _moreContacts: ContactSummary[] = [];
  @state() private _cursor: string | null = null;
  @state() private _loadingMore = false;
  @state() private _moreFailed = false;

  private readonly _company = new Task(this, {
    task: async ([services, companyId], { signal }) => {
      if (!services) throw new Error('No services');
      const company = await services.crm.company(companyId, signal);
      services.tabs.rename(companyPath(companyId), company.name);
      return company;
    },
    args: () => [this.services, this.companyId] as const,
  });

  private readonly _contacts = new Task(this, {
    task: ([services, companyId], { signal }) => {
      if (!services) throw new Error('No services');
      return services.crm.companyContacts(companyId, undefined, signal);
    },
    args: () => [this.services, this.companyId] as const,
    onComplete: (page) => {
      this._moreContacts = [];
      this._cursor = page.nextCursor;
    },
  });

  override render() {
    const t = translate(this.locale);
    return html`
      ${backLink(this.services?.tabs.find(companyPath(this.companyId))?.opener, t)}
      ${this._company.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: (error) =>
          error instanceof ApiError && (error.status === 404 || error.status === 400)
            ? html`<p class="alert" role="alert">${t('company.notFound')}</p>`
            : html`<p class="alert" role="alert">
                ${t('company.loadFailed')}<button type="button" @click=${() => this._company.run()}>${t('common.retry')}</button>
              </p>`,
        complete: (company) => html`${this._renderCompany(company)}${this._renderContacts()}`,
      })}
    `;
  }

  private _renderCompany(company: Company) {
    const t = translate(this.locale);
    const none = t('common.none');
    return html`<article class="card" aria-labelledby="company-heading">
      <p class="module muted">${t('crm.module')}</p>
      <h1 id="company-heading">${company.name}</h1>
      <dl class="fields">
        <dt>${t('company.ico')}</dt>
        <dd>${company.ico ?? none}</dd>
        <dt>${t('company.vatId')}</dt>
        <dd>${company.vatId ?? none}</dd>
        <dt>${t('company.domains')}</dt>
        <dd>${company.domains.length ? company.domains.join(', ') : none}</dd>
        <dt>${t('company.addresses')}</dt>
        <dd>
          ${company.addresses.length
            ? html`<ul class="plain">
                ${company.addresses.map(
                  (a) => html`<li>${a.label ? html`<span class="muted">${a.label}:</span> ` : nothing}${a.street}, ${a.postalCode} ${a.city}, ${a.country}</li>`,
                )}
              </ul>`
            : none}
        </dd>
        <dt>${t('company.sla')}</dt>
        <dd>
          ${company.slaRef
            ? html`<a href=${slaPath(company.slaRef)} @click=${openInTab(this.services?.tabs, companyPath(company.id), t('sla.tab', { ref: company.slaRef }))}>${company.slaRef}</a>`
            : none}
        </dd>
        <dt>${t('company.notes')}</dt>
        <dd class="notes">${company.notes ?? none}</dd>
      </dl>
    </article>`;
  }

  private _renderContacts() {
    const t = translate(this.locale);
    const here = companyPath(this.companyId);
    return html`<section class="card" aria-labelledby="company-contacts">
      <h2 id="company-contacts">${t('company.contacts')}</h2>
      ${this._contacts.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: () => html`<p class="alert" role="alert">
          ${t('company.contactsFailed')}<button type="button" @click=${() => this._contacts.run()}>${t('common.retry')}</button>
        </p>`,
        complete: (page) => {
          const contacts = [...page.items, ...this._moreContacts];
          if (contacts.length === 0) return html`<p class="muted">${t('company.noContacts')}</p>`;
          return html`<ul class="rows">
              ${contacts.map(
                (contact) => html`<li>
                  <a href=${contactPath(contact.id)} @click=${openInTab(this.services?.tabs, here, contact.name)}>${contact.name}</a>
                  ${contact.title ? html`<span class="muted">· ${contact.title}</span>` : nothing}
                  ${contact.primaryEmail ? html`<span class="muted">· ${contact.primaryEmail}</span>` : nothing}
                </li>`,
              )}
            </ul>
            ${this._moreFailed ? html`<p class="alert" role="alert">${t('company.contactsFailed')}</p>` : nothing}
            ${this._cursor
              ? html`<p><button type="button" ?disabled=${this._loadingMore} @click=${() => void this._loadMore()}>${t('company.moreContacts')}</button></p>`
              : nothing}`;
        },
      })}
    </section>`;
  }

  private async _loadMore(): Promise<void> {
    const cursor = this._cursor;
    if (!this.services || !cursor || this._loadingMore) return;
    this._loadingMore = true;
    this._moreFailed = false;
    try {
      const page = await this.services.crm.companyContacts(this.companyId, cursor);
      this._moreContacts = [...this._moreContacts, ...page.items];
      this._cursor = page.nextCursor;
    } catch (error) {
      console.error('Loading more contacts failed', error);
      this._moreFailed = true;
    } finally {
      this._loadingMore = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-company-page': SbCompanyPage;
  }
}
