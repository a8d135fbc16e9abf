import type { Company, HostApi } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { lines, saveFailure, type SaveFailure } from '../../contacts/src/save-errors';
import { baseStyles } from '../../contacts/src/styles';
import type { CompaniesApi } from './companies-api';
import { messages, type MessageKey } from './messages';

/** The form's fields as typed; domains one a line. */
interface CompanyFields {
  name: string;
  ico: string;
  vatId: string;
  domains: string;
}

const fieldsOf = (company: Company): CompanyFields => ({
  name: company.name,
  ico: company.ico ?? '',
  vatId: company.vatId ?? '',
  domains: company.domains.join('\n'),
});

/**
 * Edits a company inline (C3): name, IČO, VAT id and domains, with the service's codes
 * (INVALID_ICO, INVALID_VAT_ID, INVALID_DOMAIN) beside the field and the version check.
 *
 * @fires sb-company-saved - detail: the saved `Company`
 * @fires sb-cancel - the agent closed the form without saving
 */
@customElement('sb-company-form')
export class CompanyForm extends LitElement {
  static override styles = baseStyles;

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The CRM service. */
  @property({ attribute: false }) api?: CompaniesApi;

  /** The company to edit. */
  @property({ attribute: false }) company?: Company;

  @state() private _fields: CompanyFields = { name: '', ico: '', vatId: '', domains: '' };
  @state() private _failure?: SaveFailure<Company>;
  @state() private _nameMissing = false;
  @state() private _saving = false;
  private _version = 0;

  @query('#name') private _nameInput?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.company) {
      this._fields = fieldsOf(this.company);
      this._version = this.company.version;
    }
  }

  override firstUpdated(): void {
    this._nameInput?.focus();
  }

  override render() {
    if (!this.host || !this.company) return nothing;
    const { t } = this.hostCtl;
    const failure = this._failure;
    return html`<form aria-label=${t('editHeading')} novalidate @submit=${this._onSubmit} @keydown=${this._onKeyDown}>
      <h3>${t('editHeading')}</h3>
      ${this._field('name', t('name'), this._nameMissing ? t('nameRequired') : undefined)} ${this._field('ico', t('ico'))}
      ${this._field('vatId', t('vatId'))} ${this._field('domains', t('domains'), undefined, t('domainsHint'))}
      ${failure?.kind === 'conflict'
        ? html`<div class="alert" role="alert">
            <p>${t('conflict')}</p>
            <div class="actions">
              <button type="button" @click=${this._onReloadTheirs}>${t('reloadTheirs')}</button>
              <button type="button" class="primary" @click=${this._onKeepMine}>${t('keepMine')}</button>
            </div>
          </div>`
        : nothing}
      ${failure?.kind === 'other' ? html`<p class="alert" role="alert">${t('saveFailed')}: ${errorMessage(failure.error, t)}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled=${this._saving ? 'true' : 'false'}>${this._saving ? t('saving') : t('save')}</button>
        <button type="button" @click=${this._onCancel}>${t('cancel')}</button>
      </div>
    </form>`;
  }

  private _fieldError(field: keyof CompanyFields): string | undefined {
    const failure = this._failure;
    if (failure?.kind !== 'field' || failure.field !== field) return undefined;
    const key = `code_${failure.code}` as MessageKey;
    const text = this.hostCtl.t(key, { value: failure.value });
    return text === key ? failure.message : text;
  }

  private _field(field: keyof CompanyFields, label: string, error = this._fieldError(field), hint?: string) {
    const describedBy = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
    const onInput = (e: Event) => this._set(field, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
    return html`<div>
      <label for=${field}>${label}</label>
      ${field === 'domains'
        ? html`<textarea id=${field} rows="2" .value=${this._fields[field]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy || nothing} @input=${onInput}></textarea>`
        : html`<input id=${field} type="text" .value=${this._fields[field]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy || nothing} @input=${onInput} />`}
      ${hint ? html`<p class="hint" id="${field}-hint">${hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id="${field}-error">${error}</p>` : nothing}
    </div>`;
  }

  private _set(field: keyof CompanyFields, value: string): void {
    this._fields = { ...this._fields, [field]: value };
    if (field === 'name') this._nameMissing = false;
    if (this._failure?.kind === 'field' && this._failure.field === field) this._failure = undefined;
  }

  private async _onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const company = this.company;
    if (this._saving || !this.api || !company) return;
    const f = this._fields;
    if (!f.name.trim()) {
      this._nameMissing = true;
      this._nameInput?.focus();
      return;
    }
    this._saving = true;
    this._failure = undefined;
    try {
      const saved = await this.api.updateCompany(company.id, {
        version: this._version,
        name: f.name.trim(),
        ico: f.ico.trim() || null,
        vatId: f.vatId.trim() || null,
        domains: lines(f.domains),
      });
      this.dispatchEvent(new CustomEvent<Company>('sb-company-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (error) {
      this._failure = saveFailure<Company>(error);
      if (this._failure.kind === 'field') this.renderRoot.querySelector<HTMLElement>(`#${this._failure.field}`)?.focus();
    } finally {
      this._saving = false;
    }
  }

  private _onReloadTheirs(): void {
    if (this._failure?.kind !== 'conflict') return;
    this._fields = fieldsOf(this._failure.current);
    this._version = this._failure.current.version;
    this._failure = undefined;
  }

  private _onKeepMine(): void {
    if (this._failure?.kind !== 'conflict') return;
    this._version = this._failure.current.version;
    this._failure = undefined;
    void this._onSubmit(new Event('submit'));
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this._onCancel();
  }

  private _onCancel(): void {
    this.dispatchEvent(new CustomEvent('sb-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-company-form': CompanyForm;
  }
}
