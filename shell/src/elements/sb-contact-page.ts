import { Task } from '@lit/task';
import type { Contact, CreateDraftBody, Locale } from '@switchboard/contracts';
import { ApiError, formatDateTime } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { backLink, openInTab } from '../crm/crm-links';
import { translate } from '../messages';
import { companyPath, contactPath, journeyPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { crmRecordStyles } from '../crm/record-styles';
import { modulePageStyles, sharedStyles } from './shared-styles';

/**
 * A contact in the CRM module (C2): the record, its company, and the way to the customer journey;
 * "Back to email" when a widget opened it from an email. The tab is titled with the contact's name.
 *
 * @fires sb-new-email - detail `{ to, contactId }`: a new email to one of the contact's addresses (N2)
 */
@customElement('sb-contact-page')
export class SbContactPage extends LitElement {
  static override styles = [sharedStyles, modulePageStyles, crmRecordStyles];

  /** Id of the contact shown. */
  @property() contactId = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  private readonly _contact = new Task(this, {
    task: async ([services, contactId], { signal }) => {
      if (!services) throw new Error('No services');
      const contact = await services.crm.contact(contactId, signal);
      services.tabs.rename(contactPath(contactId), contact.name);
      return contact;
    },
    args: () => [this.services, this.contactId] as const,
  });

  override render() {
    const t = translate(this.locale);
    return html`
      ${backLink(this.services?.tabs.find(contactPath(this.contactId))?.opener, t)}
      ${this._contact.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: (error) =>
          error instanceof ApiError && (error.status === 404 || error.status === 400)
            ? html`<p class="alert" role="alert">${t('contact.notFound')}</p>`
            : html`<p class="alert" role="alert">
                ${t('contact.loadFailed')}<button type="button" @click=${() => this._contact.run()}>${t('common.retry')}</button>
              </p>`,
        complete: (contact) => this._renderContact(contact),
      })}
    `;
  }

  /** N2: a new email to this address of the contact, in a new tab (the shell creates the draft). */
  private _newEmail(contact: Contact, address: string): void {
    const body: CreateDraftBody = { to: [{ address, name: contact.name }], contactId: contact.id };
    this.dispatchEvent(new CustomEvent<CreateDraftBody>('sb-new-email', { detail: body, bubbles: true, composed: true }));
  }

  private _renderContact(contact: Contact) {
    const t = translate(this.locale);
    const here = contactPath(contact.id);
    const tabs = this.services?.tabs;
    const none = t('common.none');
    return html`<article class="card" aria-labelledby="contact-heading">
      <p class="module muted">${t('crm.module')}</p>
      <h1 id="contact-heading">${contact.name}</h1>
      ${contact.title ? html`<p class="subtitle">${contact.title}</p>` : nothing}
      <p class="actions">
        <a class="button" href=${journeyPath(contact.id)} @click=${openInTab(tabs, here, t('journey.heading', { name: contact.name }))}>
          ${t('contact.journey')}
        </a>
      </p>
      <dl>
        <dt>${t('contact.company')}</dt>
        <dd>
          ${contact.company
            ? html`<a href=${companyPath(contact.company.id)} @click=${openInTab(tabs, here, contact.company.name)}>${contact.company.name}</a>`
            : none}
        </dd>
        <dt>${t('contact.emails')}</dt>
        <dd>
          ${contact.emails.length
            ? html`<ul class="plain">
                ${contact.emails.map(
                  (email) => html`<li>
                    ${email.address}${email.primary ? html` <span class="badge">${t('contact.primary')}</span>` : nothing}
                    <button
                      type="button"
                      class="icon"
                      aria-label=${t('contact.newEmailTo', { address: email.address })}
                      title=${t('contact.newEmailTo', { address: email.address })}
                      @click=${() => this._newEmail(contact, email.address)}
                    >
                      <span aria-hidden="true">✉</span>
                    </button>
                  </li>`,
                )}
              </ul>`
            : none}
        </dd>
        <dt>${t('contact.phones')}</dt>
        <dd>
          ${contact.phones.length
            ? html`<ul class="plain">
                ${contact.phones.map(
                  (phone) =>
                    html`<li>
                      ${phone.number} <span class="muted">(${t(`phone.${phone.label}`)})</span>${phone.primary
                        ? html` <span class="badge">${t('contact.primary')}</span>`
                        : nothing}
                    </li>`,
                )}
              </ul>`
            : none}
        </dd>
        <dt>${t('contact.notes')}</dt>
        <dd class="notes">${contact.notesHidden ? html`<span class="muted">${t('contact.notesHidden')}</span>` : (contact.notes ?? none)}</dd>
        <dt>${t('ticket.created')}</dt>
        <dd>${formatDateTime(contact.createdAt, this.locale)}</dd>
        <dt>${t('ticket.updated')}</dt>
        <dd>${formatDateTime(contact.updatedAt, this.locale)}</dd>
      </dl>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-contact-page': SbContactPage;
  }
}
