import type { Company, HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { baseStyles } from '../../contacts/src/styles';
import { messages } from './messages';

/**
 * The company of the email's customer (C1): name, IČO, VAT id, domains, addresses and its SLA
 * reference (C7), with Open in CRM (C2) and Edit (C3).
 *
 * @fires sb-edit - the agent wants to edit the company
 * @csspart card - the card box
 */
@customElement('sb-company-card')
export class CompanyCard extends LitElement {
  static override styles = baseStyles;

  /** The host API: tabs, language. */
  @property({ attribute: false }) host?: HostApi;

  /** The company shown. */
  @property({ attribute: false }) company?: Company;

  @query('h3') private _heading?: HTMLElement;

  private readonly hostCtl = new HostController(this, messages);

  /** Moves keyboard focus to the company's name. */
  focusHeading(): void {
    this._heading?.focus();
  }

  override render() {
    const company = this.company;
    if (!this.host || !company) return nothing;
    const { t } = this.hostCtl;
    return html`<section class="card" part="card" aria-labelledby="company-name">
      <h3 id="company-name" tabindex="-1">${company.name}</h3>
      <dl>
        <dt>${t('ico')}</dt>
        <dd>${company.ico ?? t('none')}</dd>
        <dt>${t('vatId')}</dt>
        <dd>${company.vatId ?? t('none')}</dd>
        <dt>${t('domains')}</dt>
        <dd>${company.domains.length ? company.domains.join(', ') : t('none')}</dd>
        <dt>${t('addresses')}</dt>
        <dd>
          ${company.addresses.length === 0
            ? t('none')
            : html`<ul class="plain">
                ${company.addresses.map(
                  (a) => html`<li>${[a.label, a.street, `${a.postalCode} ${a.city}`.trim(), a.country].filter(Boolean).join(', ')}</li>`,
                )}
              </ul>`}
        </dd>
        <dt>${t('sla')}</dt>
        <dd>
          ${company.slaRef
            ? html`<button type="button" class="link" aria-label=${t('openSla', { sla: company.slaRef, name: company.name })} @click=${this._openSla}>
                ${company.slaRef}
              </button>`
            : t('none')}
        </dd>
      </dl>
      <div class="actions">
        <button type="button" class="primary" @click=${this._openInCrm}>${t('openInCrm')}</button>
        ${company.canEdit ? html`<button type="button" @click=${this._onEdit}>${t('edit')}</button>` : nothing}
      </div>
    </section>`;
  }

  private _openInCrm(): void {
    const company = this.company;
    if (company) this.hostCtl.host.openTab({ path: `/companies/${company.id}`, title: company.name });
  }

  /** C7: the SLA plan's settings, on the CRM module's page of the plan. */
  private _openSla(): void {
    const company = this.company;
    if (company?.slaRef) this.hostCtl.host.openTab({ path: `/slas/${company.slaRef}`, title: `SLA ${company.slaRef}` });
  }

  private _onEdit(): void {
    this.dispatchEvent(new CustomEvent('sb-edit', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-company-card': CompanyCard;
  }
}
