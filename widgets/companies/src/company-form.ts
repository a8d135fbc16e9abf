import type { Company, HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { RecordSave } from '../../contacts/src/record-save';
import { lines } from '../../contacts/src/save-errors';
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
  @state() private _nameMissing = false;

  @query('#name') private _nameInput?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);
  private readonly _save = new RecordSave<Company>(this, {
    save: (version) => {
      const f = this._fields;
      if (!this.api || !this.company) return Promise.reject(new Error('No company to save'));
      return this.api.updateCompany(this.company.id, {
        version,
        name: f.name.trim(),
        ico: f.ico.trim() || null,
        vatId: f.vatId.trim() || null,
        domains: lines(f.domains),
      });
    },
    saved: (company) => this.dispatchEvent(new CustomEvent<Company>('sb-company-saved', { detail: company, bubbles: true, composed: true })),
    reload: (current) => (this._fields = fieldsOf(current)),
    describe: (code, value) => {
      const key = `code_${code}` as MessageKey;
      const text = this.hostCtl.t(key, { value });
      return text === key ? undefined : text;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.company) {
      this._fields = fieldsOf(this.company);
      this._save.version = this.company.version;
    }
  }

  override firstUpdated(): void {
    this._nameInput?.focus();
  }

  override render() {
    if (!this.host || !this.company) return nothing;
    const { t } = this.hostCtl;
    return html`<form aria-label=${t('editHeading')} novalidate @submit=${this._onSubmit} @keydown=${this._onKeyDown}>
      <h3>${t('editHeading')}</h3>
      ${this._field('name', t('name'), this._nameMissing ? t('nameRequired') : undefined)} ${this._field('ico', t('ico'))}
      ${this._field('vatId', t('vatId'))} ${this._field('domains', t('domains'), undefined, t('domainsHint'))}
      ${this._save.renderFooter(t, () => this._onCancel())}
    </form>`;
  }

  private _field(field: keyof CompanyFields, label: string, error = this._save.fieldError(field), hint?: string) {
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
    this._save.edited(field);
  }

  private _onSubmit(event: Event): void {
    event.preventDefault();
    if (!this._fields.name.trim()) {
      this._nameMissing = true;
      this._nameInput?.focus();
      return;
    }
    void this._save.submit();
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
