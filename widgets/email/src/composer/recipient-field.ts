import type { HostApi, MailAddress, RecipientSuggestions } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { parseAddress, sameAddress, splitEntries } from '../addresses';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { recipientFieldStyles } from './recipient-field-styles';

/** A recipient field of the composer. */
export type RecipientFieldName = 'to' | 'cc' | 'bcc';

/** Detail of `sb-recipients-change`. */
export interface RecipientsChange {
  field: RecipientFieldName;
  addresses: MailAddress[];
}

type SuggestionItem = RecipientSuggestions['items'][number];

type SuggestionsState =
  | { status: 'loading' }
  | { status: 'ready'; items: SuggestionItem[] }
  | { status: 'error'; message: string };

/**
 * To, Cc or Bcc as chips (E3): typing an address and Enter, Tab, comma or leaving the field makes
 * a chip; an invalid address stays in the input, marked; Backspace in the empty input removes the
 * last chip. "Suggestions for …" lists the ticket's addresses to add with a click or the keyboard.
 * The first To recipient carries the contact badge when the email is paired with one (M3).
 *
 * @fires sb-recipients-change - detail: RecipientsChange, the field's new list
 * @csspart chips - the list of chips
 * @csspart input - the text input
 * @csspart suggestions - the suggestion list
 */
@customElement('sb-recipient-field')
export class RecipientField extends LitElement {
  static override styles = [baseStyles, recipientFieldStyles];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** Which field this is. */
  @property() field: RecipientFieldName = 'to';

  /** The addresses of the field. */
  @property({ attribute: false }) addresses: MailAddress[] = [];

  /** Whether the first address carries the contact badge (M3). */
  @property({ type: Boolean }) contact = false;

  /** A message about the field from the composer, e.g. "Add at least one recipient". */
  @property() error = '';

  /** Loads the suggestions; shared by the fields of one composer. */
  @property({ attribute: false }) suggestions?: () => Promise<RecipientSuggestions>;

  /** The text that is not a valid address, left in the input. */
  @state() private _invalid = '';
  @state() private _open = false;
  @state() private _suggestions: SuggestionsState = { status: 'loading' };
  @state() private _announcement = '';

  @query('input') private _input?: HTMLInputElement;
  @query('.suggest') private _toggle?: HTMLButtonElement;

  private readonly hostCtl = new HostController(this, messages);

  /** The visible name of the field: To, Cc or Bcc. */
  get label(): string {
    return this.hostCtl.t(`field_${this.field}`);
  }

  /** True while text that is not a valid address waits in the input. */
  get hasInvalidText(): boolean {
    return Boolean(this._invalid);
  }

  /** Makes chips of whatever is typed and not yet committed (before sending). */
  commitPending(): void {
    if (this._input?.value.trim()) this._commit(this._input.value);
  }

  /** Moves focus to the text input. */
  focusInput(): void {
    this._input?.focus();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    const label = this.label;
    const invalid = Boolean(this._invalid || this.error);
    const describedBy = [this._invalid ? 'invalid' : '', this.error ? 'error' : ''].filter(Boolean).join(' ');
    return html`<div class="row">
      <label for="input">${label}</label>
      <div class="box ${invalid ? 'invalid-box' : ''}" @click=${this._onBoxClick}>
        ${this.addresses.length > 0
          ? html`<ul part="chips" aria-label=${t('recipientsOf', { field: label })}>
              ${this.addresses.map((address, index) => this._renderChip(address, index))}
            </ul>`
          : nothing}
        <input
          id="input"
          part="input"
          type="text"
          inputmode="email"
          autocomplete="off"
          spellcheck="false"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @keydown=${this._onKeydown}
          @input=${this._onInput}
          @paste=${this._onPaste}
          @blur=${this._onBlur}
        />
      </div>
      <button
        type="button"
        class="suggest"
        aria-expanded=${this._open ? 'true' : 'false'}
        aria-controls="suggestions"
        aria-label=${t('suggestionsFor', { field: label })}
        title=${t('suggestionsFor', { field: label })}
        @click=${this._toggleSuggestions}
        @keydown=${this._onToggleKeydown}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6">
          <circle cx="6" cy="5" r="2.5" />
          <path d="M1.5 14c.5-3 2.3-4.5 4.5-4.5s4 1.5 4.5 4.5M11 5h4M13 3v4" />
        </svg>
      </button>
      ${invalid
        ? html`<div class="messages">
            ${this._invalid ? html`<p id="invalid" class="invalid">${t('invalidAddress', { value: this._invalid })}</p>` : nothing}
            ${this.error ? html`<p id="error" class="invalid">${this.error}</p>` : nothing}
          </div>`
        : nothing}
      ${this._open ? this._renderSuggestions(label) : nothing}
      <span class="visually-hidden" aria-live="polite">${this._announcement}</span>
    </div>`;
  }

  private _renderChip(address: MailAddress, index: number) {
    const { t } = this.hostCtl;
    return html`<li class="chip" title=${address.address}>
      ${address.name
        ? html`<span>${address.name}</span> <span class="address">&lt;${address.address}&gt;</span>`
        : html`<span>${address.address}</span>`}
      ${this.contact && index === 0 ? html`<span class="badge">${t('contactBadge')}</span>` : nothing}
      <button type="button" aria-label=${t('removeRecipient', { address: address.address })} @click=${() => this._remove(index)}>
        <svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8"><path d="m4 4 8 8M12 4l-8 8" /></svg>
      </button>
    </li>`;
  }

  private _renderSuggestions(label: string) {
    const { t } = this.hostCtl;
    const state = this._suggestions;
    let content;
    if (state.status === 'loading') content = html`<p class="muted">${t('suggestionsLoading')}</p>`;
    else if (state.status === 'error') content = html`<p class="alert">${t('suggestionsFailed', { message: state.message })}</p>`;
    else if (state.items.length === 0) content = html`<p class="muted">${t('suggestionsEmpty')}</p>`;
    else
      content = html`<ul aria-label=${t('suggestionsFor', { field: label })}>
        ${state.items.map((item) => {
          const added = this.addresses.some((address) => sameAddress(address, item));
          return html`<li>
            <button
              type="button"
              class="suggestion"
              aria-disabled=${added ? 'true' : 'false'}
              @click=${() => this._addSuggestion(item, added)}
            >
              ${item.name ? html`<span>${item.name}</span>` : nothing}
              <span class="address">${item.address}</span>
              <span class="reason">${added ? t('added') : t(`reason_${item.reason}`)}</span>
            </button>
          </li>`;
        })}
      </ul>`;
    return html`<div id="suggestions" class="suggestions" part="suggestions" @keydown=${this._onSuggestionsKeydown}>
      ${content}
    </div>`;
  }

  private _emit(addresses: MailAddress[]): void {
    // Set at once: a second change may come before the composer hands the list back.
    this.addresses = addresses;
    this.dispatchEvent(
      new CustomEvent<RecipientsChange>('sb-recipients-change', {
        detail: { field: this.field, addresses },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Adds the valid entries of `text` as chips; invalid ones stay in the input, marked. */
  private _commit(text: string): void {
    const { t } = this.hostCtl;
    const added: MailAddress[] = [];
    const rejected: string[] = [];
    for (const entry of splitEntries(text)) {
      const address = parseAddress(entry);
      if (!address) rejected.push(entry);
      else if (![...this.addresses, ...added].some((known) => sameAddress(known, address))) added.push(address);
    }
    if (added.length > 0) {
      this._emit([...this.addresses, ...added]);
      this._announcement = t('recipientAdded', { address: added.map((a) => a.address).join(', ') });
    }
    const rest = rejected.join(', ');
    if (this._input) this._input.value = rest;
    this._invalid = rest;
  }

  private async _remove(index: number): Promise<void> {
    const removed = this.addresses[index];
    this._emit(this.addresses.filter((_, i) => i !== index));
    this._announcement = this.hostCtl.t('recipientRemoved', { address: removed.address });
    await this.updateComplete;
    this._input?.focus();
  }

  private _onBoxClick(event: MouseEvent): void {
    if (event.target === event.currentTarget) this._input?.focus();
  }

  private _onKeydown(event: KeyboardEvent): void {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter' || event.key === ',' || event.key === ';') {
      event.preventDefault();
      if (input.value.trim()) this._commit(input.value);
    } else if (event.key === 'Tab' && !event.shiftKey && input.value.trim()) {
      this._commit(input.value);
    } else if (event.key === 'Backspace' && input.value === '' && this.addresses.length > 0) {
      event.preventDefault();
      void this._remove(this.addresses.length - 1);
    } else if (event.key === 'Escape' && this._open) {
      event.preventDefault();
      this._open = false;
    }
  }

  private _onInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    if (this._invalid) this._invalid = '';
    // Pasted lists (and CR/LF) are split into chips at once.
    if (/[,;\r\n]/.test(input.value)) this._commit(input.value);
  }

  /** A pasted list keeps its line breaks as separators (a text input would drop them). */
  private _onPaste(event: ClipboardEvent): void {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (!/[,;\r\n]/.test(text)) return;
    event.preventDefault();
    const input = event.target as HTMLInputElement;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? start;
    this._commit(input.value.slice(0, start) + text + input.value.slice(end));
  }

  private _onBlur(event: FocusEvent): void {
    const input = event.target as HTMLInputElement;
    if (input.value.trim()) this._commit(input.value);
  }

  private async _toggleSuggestions(): Promise<void> {
    this._open = !this._open;
    if (!this._open || !this.suggestions) return;
    if (this._suggestions.status === 'ready') return;
    this._suggestions = { status: 'loading' };
    try {
      const list = await this.suggestions();
      this._suggestions = { status: 'ready', items: list.items };
    } catch (error) {
      this._suggestions = { status: 'error', message: errorMessage(error, this.hostCtl.t) };
    }
  }

  private _suggestionButtons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.suggestion')];
  }

  private _onToggleKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' && this._open) {
      event.preventDefault();
      this._suggestionButtons()[0]?.focus();
    }
  }

  private _onSuggestionsKeydown(event: KeyboardEvent): void {
    const buttons = this._suggestionButtons();
    const index = buttons.indexOf(this.renderRoot instanceof ShadowRoot ? (this.renderRoot.activeElement as HTMLButtonElement) : buttons[0]);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this._open = false;
      this._toggle?.focus();
    }
  }

  private _addSuggestion(item: SuggestionItem, added: boolean): void {
    if (added) return;
    const address: MailAddress = item.name ? { address: item.address, name: item.name } : { address: item.address };
    this._emit([...this.addresses, address]);
    this._announcement = this.hostCtl.t('recipientAdded', { address: item.address });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-recipient-field': RecipientField;
  }
}
