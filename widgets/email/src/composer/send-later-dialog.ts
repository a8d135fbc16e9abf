import type { HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { messages } from '../messages';
import { baseStyles } from '../styles';

/** The agent's time zone as the browser names it, e.g. `Europe/Prague`. */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the value of `<input type="datetime-local">`, in local time, to the minute. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Tomorrow at 8:00 local time, from `now`. */
export function tomorrowMorning(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0, 0, 0);
}

/**
 * "Send later" (E15): a modal dialog to pick the time, in the agent's own time zone (named under
 * the field), with a Tomorrow at 8:00 shortcut. The native date-time field and buttons work from
 * the keyboard; the dialog keeps focus inside, Escape closes it and focus returns to the opener.
 * A time in the past is refused in the dialog.
 *
 * @fires sb-send-later - detail: { sendAt } (ISO time), when the agent confirms; the owner calls `close()`
 */
@customElement('sb-send-later-dialog')
export class SendLaterDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      label {
        display: block;
        font-weight: 600;
      }
      input {
        margin: 4px 0;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The time the field starts at (ISO), e.g. the current schedule; default in an hour. */
  @property({ attribute: false }) initial?: string;

  /** The clock; tests set their own. */
  @property({ attribute: false }) now: () => Date = () => new Date();

  @state() private _value = '';
  @state() private _error = '';

  @query('dialog') private _dialog?: HTMLDialogElement;
  @query('input') private _input?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);
  private _opener?: HTMLElement;

  /** Opens the dialog with focus in the time field; focus returns to `opener` when it closes. */
  async open(opener?: HTMLElement): Promise<void> {
    this._opener = opener;
    const start = this.initial ? new Date(this.initial) : new Date(this.now().getTime() + 60 * 60 * 1000);
    this._value = toLocalInput(start);
    this._error = '';
    this._dialog?.showModal();
    await this.updateComplete;
    this._input?.focus();
  }

  close(): void {
    this._dialog?.close();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`<dialog aria-labelledby="title" aria-describedby="text" @close=${() => this._opener?.focus()}>
      <h2 id="title">${t('sendLaterTitle')}</h2>
      <p id="text">${t('sendLaterText')}</p>
      <label for="at">${t('sendLaterAt')}</label>
      <input
        id="at"
        type="datetime-local"
        .value=${this._value}
        min=${toLocalInput(this.now())}
        aria-describedby="zone${this._error ? ' error' : ''}"
        aria-invalid=${this._error ? 'true' : 'false'}
        @input=${(event: Event) => (this._value = (event.target as HTMLInputElement).value)}
      />
      <p id="zone" class="muted">${t('sendLaterZone', { zone: timeZoneName() })}</p>
      ${this._error ? html`<p id="error" class="alert" role="alert">${this._error}</p>` : nothing}
      <div class="buttons">
        <button type="button" class="tomorrow" @click=${this._onTomorrow}>${t('sendLaterTomorrow')}</button>
        <button type="button" class="primary confirm" @click=${this._onConfirm}>${t('sendLaterConfirm')}</button>
        <button type="button" class="cancel" @click=${() => this.close()}>${t('cancel')}</button>
      </div>
    </dialog>`;
  }

  private _onTomorrow(): void {
    this._value = toLocalInput(tomorrowMorning(this.now()));
    this._error = '';
  }

  private _onConfirm(): void {
    // A datetime-local value without a zone is read as local time.
    const at = this._value ? new Date(this._value) : undefined;
    if (!at || Number.isNaN(at.getTime()) || at.getTime() <= this.now().getTime()) {
      this._error = this.hostCtl.t('sendLaterPast');
      this._input?.focus();
      return;
    }
    this.dispatchEvent(new CustomEvent('sb-send-later', { detail: { sendAt: at.toISOString() } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-send-later-dialog': SendLaterDialog;
  }
}
