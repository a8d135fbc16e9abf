import { Task } from '@lit/task';
import type { CompanySummary, ContactSummary, Locale } from '@switchboard/contracts';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { openInTab } from '../crm/crm-links';
import { crmRecordStyles } from '../crm/record-styles';
import { translate } from '../messages';
import { companyPath, contactPath, CRM_HOME_PATH } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { modulePageStyles, sharedStyles } from './shared-styles';

/** How long typing pauses before the search runs, in ms. */
const TYPING_PAUSE_MS = 250;

/**
 * The CRM module's home (C5: the Contacts widget's Home button opens it in a background tab):
 * search contacts and companies as you type, each result opening its record in a tab.
 */
@customElement('sb-crm-home-page')
export class SbCrmHomePage extends LitElement {
  static override styles = [sharedStyles, modulePageStyles, crmRecordStyles];

  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  /** The words searched for, once typing paused. */
  @state() private _query = '';
  private _typing?: ReturnType<typeof setTimeout>;

  private readonly _results = new Task(this, {
    task: async ([services, query], { signal }) => {
      if (!services || query === '') return null;
      const [contacts, companies] = await Promise.all([services.crm.searchContacts(query, signal), services.crm.searchCompanies(query, signal)]);
      return { contacts: contacts.items, companies: companies.items };
    },
    args: () => [this.services, this._query] as const,
  });

  override disconnectedCallback(): void {
    clearTimeout(this._typing);
    super.disconnectedCallback();
  }

  private _onInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this._typing);
    this._typing = setTimeout(() => (this._query = value), TYPING_PAUSE_MS);
  }

  override render() {
    const t = translate(this.locale);
    return html`<section class="card" aria-labelledby="crm-heading">
      <h1 id="crm-heading">${t('crm.module')}</h1>
      <form role="search" @submit=${(event: Event) => event.preventDefault()}>
        <label for="crm-search">${t('crm.search')}</label>
        <input id="crm-search" type="search" autocomplete="off" aria-describedby="crm-search-hint" @input=${this._onInput} />
        <p id="crm-search-hint" class="muted">${t('crm.searchHint')}</p>
      </form>
      ${this._results.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: () => html`<p class="alert" role="alert">
          ${t('crm.searchFailed')}<button type="button" @click=${() => this._results.run()}>${t('common.retry')}</button>
        </p>`,
        complete: (found) => (found ? this._renderResults(found) : nothing),
      })}
    </section>`;
  }

  private _renderResults(found: { contacts: ContactSummary[]; companies: CompanySummary[] }) {
    const t = translate(this.locale);
    const tabs = this.services?.tabs;
    if (found.contacts.length === 0 && found.companies.length === 0) return html`<p role="status">${t('crm.noMatches')}</p>`;
    return html`<section aria-labelledby="crm-contacts">
        <h2 id="crm-contacts">${t('crm.contacts')}</h2>
        <ul class="plain">
          ${found.contacts.map(
            (contact) => html`<li>
              <a href=${contactPath(contact.id)} @click=${openInTab(tabs, CRM_HOME_PATH, contact.name)}>${contact.name}</a>
              ${contact.company ? html`<span class="muted">· ${contact.company.name}</span>` : nothing}
            </li>`,
          )}
        </ul>
      </section>
      <section aria-labelledby="crm-companies">
        <h2 id="crm-companies">${t('crm.companies')}</h2>
        <ul class="plain">
          ${found.companies.map(
            (company) => html`<li><a href=${companyPath(company.id)} @click=${openInTab(tabs, CRM_HOME_PATH, company.name)}>${company.name}</a></li>`,
          )}
        </ul>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-crm-home-page': SbCrmHomePage;
  }
}
