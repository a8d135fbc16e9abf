import type { Contact, CreateContactBody, HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ContactsApi } from './crm-api';
import { messages, type MessageKey } from './messages';
import { RecordSave } from './record-save';
import { lines } from './save-errors';
import { baseStyles } from './styles';

/** The form's fields as typed; lists one entry a line. */
interface ContactFields {
  name: string;
  title: string;
  emails: string;
  phones: string;
  notes: string;
}

const fieldsOf = (contact: Contact): ContactFields => ({
  name: contact.name,
  title: contact.title ?? '',
  emails: contact.emails.map((e) => e.address).join('\n'),
  phones: contact.phones.map((p) => p.number).join('\n'),
  notes: contact.notes ?? '',
});

/**
 * Edits a contact inline (C3) or adds a new one (C9), with the service's validation shown beside
 * the field and a version check: a stale save offers "Reload their version" or "Keep mine".
 *
 * @fires sb-contact-saved - detail: the saved `Contact`
 * @fires sb-cancel - the agent closed the form without saving
 */
@customElement('sb-contact-form')
export class ContactForm extends LitElement {
  static override styles = baseStyles;

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The CRM service. */
  @property({ attribute: false }) api?: ContactsApi;

  /** The contact to edit; without it the form adds a new one. */
  @property({ attribute: false }) contact?: Contact;

  /** What a new contact starts with (C9: the sender's display name and address). */
  @property({ attribute: false }) prefill?: { name: string; email: string };

  @state() private _fields: ContactFields = { name: '', title: '', emails: '', phones: '', notes: '' };
  @state() private _nameMissing = false;

  @query('#name') private _nameInput?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);
  private readonly _save = new RecordSave<Contact>(this, {
    save: (version) => {
      const body = this._body();
      if (!this.api) return Promise.reject(new Error('No CRM service'));
      return this.contact ? this.api.updateContact(this.contact.id, { ...body, version }) : this.api.createContact(body);
    },
    saved: (contact) => this.dispatchEvent(new CustomEvent<Contact>('sb-contact-saved', { detail: contact, bubbles: true, composed: true })),
    reload: (current) => (this._fields = fieldsOf(current)),
    describe: (code, value) => {
      const key = `code_${code}` as MessageKey;
      const text = this.hostCtl.t(key, { value });
      return text === key ? undefined : text;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.contact) {
      this._fields = fieldsOf(this.contact);
      this._save.version = this.contact.version;
    } else if (this.prefill) {
      this._fields = { ...this._fields, name: this.prefill.name, emails: this.prefill.email };
    }
  }

  override firstUpdated(): void {
    this._nameInput?.focus();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    const heading = this.contact ? t('editHeading') : t('newHeading');
    return html`<form aria-label=${heading} novalidate @submit=${this._onSubmit} @keydown=${this._onKeyDown}>
      <h3>${heading}</h3>
      ${this._input('name', t('name'), this._nameMissing ? t('nameRequired') : undefined)} ${this._input('title', t('title'))}
      ${this._textarea('emails', t('emails'), t('emailsHint'))} ${this._textarea('phones', t('phones'), t('phonesHint'))}
      ${this.contact?.notesHidden ? nothing : this._textarea('notes', t('notes'))} ${this._save.renderFooter(t, () => this._onCancel())}
    </form>`;
  }

  private _input(field: 'name' | 'title', label: string, error = this._save.fieldError(field)) {
    return html`<div>
      <label for=${field}>${label}</label>
      <input
        id=${field}
        type="text"
        .value=${this._fields[field]}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${field}-error` : nothing}
        @input=${(e: Event) => this._set(field, (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="field-error" id="${field}-error">${error}</p>` : nothing}
    </div>`;
  }

  private _textarea(field: 'emails' | 'phones' | 'notes', label: string, hint?: string) {
    const error = this._save.fieldError(field);
    const describedBy = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`<div>
      <label for=${field}>${label}</label>
      <textarea
        id=${field}
        rows=${field === 'notes' ? 3 : 2}
        .value=${this._fields[field]}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => this._set(field, (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${hint ? html`<p class="hint" id="${field}-hint">${hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id="${field}-error">${error}</p>` : nothing}
    </div>`;
  }

  private _set(field: keyof ContactFields, value: string): void {
    this._fields = { ...this._fields, [field]: value };
    if (field === 'name') this._nameMissing = false;
    this._save.edited(field);
  }

  private _body(): CreateContactBody {
    const f = this._fields;
    const known = new Map(this.contact?.phones.map((p) => [p.number, p.label]));
    return {
      name: f.name.trim(),
      title: f.title.trim() || null,
      emails: lines(f.emails).map((address, i) => ({ address, primary: i === 0 })),
      phones: lines(f.phones).map((number, i) => ({ number, primary: i === 0, ...(known.has(number) ? { label: known.get(number) } : {}) })),
      ...(this.contact?.notesHidden ? {} : { notes: f.notes.trim() || null }),
    };
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
    'sb-contact-form': ContactForm;
  }
}
