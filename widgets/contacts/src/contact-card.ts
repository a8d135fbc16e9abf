import type { Contact, HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { messages } from './messages';
import { baseStyles, envelopeIcon } from './styles';

/** How the shown contact stands to the page's ticket. */
export type Pairing =
  /** The email has no ticket yet. */
  | { kind: 'no-ticket' }
  /** The ticket's contact is this one. */
  | { kind: 'paired'; ticketNumber: number }
  /** The ticket has another contact, or none. */
  | { kind: 'other'; ticketNumber: number };

/**
 * The contact of the email (C1): name, title, company, addresses with an email icon each (N2),
 * numbers and notes, with Open in CRM (C2), the contact's customer journey (N4), Edit (C3) and the
 * ticket pairing (C4).
 *
 * @fires sb-edit - the agent wants to edit the contact
 * @fires sb-unpair - unpair the contact from the ticket
 * @fires sb-pair-this - pair this contact with the ticket
 * @fires sb-pair-another - search another contact to pair
 * @csspart card - the card box
 * @csspart journey - the "Customer journey" button
 */
@customElement('sb-contact-card')
export class ContactCard extends LitElement {
  static override styles = baseStyles;

  /** The host API: tabs, events, language. */
  @property({ attribute: false }) host?: HostApi;

  /** The contact shown. */
  @property({ attribute: false }) contact?: Contact;

  /** Where the contact stands with the page's ticket. */
  @property({ attribute: false }) pairing: Pairing = { kind: 'no-ticket' };

  /** A pairing request is under way. */
  @property({ type: Boolean }) busy = false;

  @query('h3') private _heading?: HTMLElement;

  private readonly hostCtl = new HostController(this, messages);

  /** Moves keyboard focus to the contact's name. */
  focusHeading(): void {
    this._heading?.focus();
  }

  override render() {
    const contact = this.contact;
    if (!this.host || !contact) return nothing;
    const { t } = this.hostCtl;
    const company = contact.company;
    return html`<section class="card" part="card" aria-labelledby="contact-name">
      <h3 id="contact-name" tabindex="-1">${contact.name}</h3>
      <dl>
        <dt>${t('title')}</dt>
        <dd>${contact.title ?? t('none')}</dd>
        <dt>${t('company')}</dt>
        <dd>
          ${company
            ? html`<button type="button" class="link" @click=${() => this._openCompany(company.id, company.name)}>${company.name}</button>`
            : t('none')}
        </dd>
        <dt>${t('emails')}</dt>
        <dd>
          ${contact.emails.length === 0
            ? t('none')
            : html`<ul class="plain">
                ${contact.emails.map(
                  (email) => html`<li>
                    ${email.address}${email.primary && contact.emails.length > 1 ? html` <span class="muted">(${t('primary')})</span>` : nothing}
                    <button
                      type="button"
                      class="icon link"
                      aria-label=${t('writeTo', { address: email.address })}
                      title=${t('writeTo', { address: email.address })}
                      @click=${() => this._write(email.address)}
                    >
                      ${envelopeIcon}
                    </button>
                  </li>`,
                )}
              </ul>`}
        </dd>
        <dt>${t('phones')}</dt>
        <dd>
          ${contact.phones.length === 0
            ? t('none')
            : html`<ul class="plain">
                ${contact.phones.map((phone) => html`<li><a href="tel:${phone.number}">${phone.number}</a></li>`)}
              </ul>`}
        </dd>
        <dt>${t('notes')}</dt>
        <dd>${contact.notesHidden ? html`<span class="muted">${t('notesHidden')}</span>` : (contact.notes ?? t('none'))}</dd>
      </dl>
      ${this._renderPairing()}
      <div class="actions">
        <button type="button" class="primary" @click=${this._openInCrm}>${t('openInCrm')}</button>
        <button type="button" part="journey" @click=${this._openJourney}>${t('customerJourney')}</button>
        ${contact.canEdit ? html`<button type="button" @click=${() => this._fire('sb-edit')}>${t('edit')}</button>` : nothing}
      </div>
    </section>`;
  }

  private _renderPairing() {
    const { t } = this.hostCtl;
    const pairing = this.pairing;
    if (pairing.kind === 'no-ticket') return html`<p class="hint">${t('noTicketHint')}</p>`;
    const busy = this.busy ? 'true' : 'false';
    return html`<p class="muted" role="status">
        ${this.busy ? t('pairing') : pairing.kind === 'paired' ? t('pairedNote', { number: pairing.ticketNumber }) : t('notPairedNote')}
      </p>
      <div class="actions">
        ${pairing.kind === 'paired'
          ? html`<button type="button" aria-disabled=${busy} @click=${() => this._fire('sb-unpair')}>${t('unpair')}</button>`
          : html`<button type="button" aria-disabled=${busy} @click=${() => this._fire('sb-pair-this')}>
              ${t('pairThis', { number: pairing.ticketNumber })}
            </button>`}
        <button type="button" aria-disabled=${busy} @click=${() => this._fire('sb-pair-another')}>${t('pairAnother')}</button>
      </div>`;
  }

  private _fire(type: 'sb-edit' | 'sb-unpair' | 'sb-pair-this' | 'sb-pair-another'): void {
    if (type !== 'sb-edit' && this.busy) return;
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }

  private _openInCrm(): void {
    const contact = this.contact;
    if (contact) this.hostCtl.host.openTab({ path: `/contacts/${contact.id}`, title: contact.name });
  }

  /** N4: the contact's customer journey, one click from the contact column. */
  private _openJourney(): void {
    const contact = this.contact;
    if (!contact) return;
    const { t, host } = this.hostCtl;
    host.openTab({ path: `/contacts/${contact.id}/journey`, title: t('journeyTab', { name: contact.name }) });
  }

  private _openCompany(id: string, name: string): void {
    this.hostCtl.host.openTab({ path: `/companies/${id}`, title: name });
  }

  /** N2: the Email widget starts a new email to the address, for this contact, in a new tab. */
  private _write(address: string): void {
    const contact = this.contact;
    if (!contact) return;
    this.hostCtl.host.emit('email.composeRequested', { to: [{ address, name: contact.name }], contactId: contact.id });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-contact-card': ContactCard;
  }
}
