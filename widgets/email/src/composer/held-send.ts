import { MailErrorCode, type Email, type HostApi } from '@switchboard/contracts';
import { ApiError, errorMessage, formatDateTime, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { timeZoneName } from './send-later-dialog';
import type { SendLaterDialog } from './send-later-dialog';
import './send-later-dialog';

/**
 * The status line of a send that still waits for its release (E14, E15). In the undo window:
 * "Sending in 7 s" with Undo; scheduled: "Scheduled for 6 Mar 2026, 08:00 (Europe/Prague)" with
 * Change time and Cancel sending. The wait is the server's (the email's `releaseAt`), so a
 * reloaded page shows the same bar; Undo and Cancel answer the draft, which the widget opens in
 * the composer again. Renders nothing for any other email.
 *
 * @fires sb-email-updated - detail: the Email after Undo, Cancel or a new time
 */
@customElement('sb-held-send')
export class HeldSend extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The queued or scheduled email. */
  @property({ attribute: false }) email?: Email;

  /** The clock the countdown reads; tests set their own. */
  @property({ attribute: false }) now: () => number = () => Date.now();

  @state() private _busy = false;
  @state() private _error = '';
  /** Re-renders the countdown each second. */
  @state() private _tick = 0;

  @query('sb-send-later-dialog') private _dialog?: SendLaterDialog;
  @query('.change') private _changeButton?: HTMLButtonElement;

  private readonly hostCtl = new HostController(this, messages);
  private _timer?: ReturnType<typeof setInterval>;

  /** Seconds left in the undo window, or 0 when it is over or the email is not in one. */
  get secondsLeft(): number {
    const email = this.email;
    if (email?.status !== 'queued' || !email.releaseAt) return 0;
    return Math.max(0, Math.ceil((new Date(email.releaseAt).getTime() - this.now()) / 1000));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopTimer();
  }

  /** Ticks each second while the undo window lasts. */
  override updated(): void {
    if (this.secondsLeft === 0) this._stopTimer();
    else this._timer ??= setInterval(() => this._tick++, 1000);
  }

  override render() {
    const email = this.email;
    if (!this.host || !email) return nothing;
    const { t, locale } = this.hostCtl;
    const error = this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing;
    if (email.status === 'scheduled' && email.releaseAt) {
      const time = `${formatDateTime(email.releaseAt, locale)} (${timeZoneName()})`;
      return html`<div class="bar">
          <span>${t('status_scheduled', { time })}</span>
          <button type="button" class="change" aria-disabled=${this._busy ? 'true' : 'false'} @click=${this._openDialog}>
            ${t('scheduleChange')}
          </button>
          <button type="button" class="cancel-send danger" aria-disabled=${this._busy ? 'true' : 'false'} @click=${this._onUnsend}>
            ${t('scheduleCancel')}
          </button>
        </div>
        ${error}
        <sb-send-later-dialog .host=${this.host} .initial=${email.releaseAt} @sb-send-later=${this._onReschedule}></sb-send-later-dialog>`;
    }
    const seconds = this.secondsLeft;
    if (seconds === 0) return error;
    return html`<div class="bar">
        <span>${t('undoCountdown', { seconds })}</span>
        <button
          type="button"
          class="undo primary"
          aria-label=${t('undoSendLabel', { subject: email.subject })}
          aria-disabled=${this._busy ? 'true' : 'false'}
          @click=${this._onUnsend}
        >
          ${t('undoSend')}
        </button>
      </div>
      ${error}`;
  }

  private _stopTimer(): void {
    clearInterval(this._timer);
    this._timer = undefined;
  }

  private _openDialog(): void {
    if (!this._busy) void this._dialog?.open(this._changeButton);
  }

  /** Undo (E14) or Cancel sending (E15): the draft comes back. */
  private async _onUnsend(): Promise<void> {
    const { t } = this.hostCtl;
    await this._run(
      (api, email) => api.unsendEmail(email.id),
      (error) => (error instanceof ApiError && error.code === MailErrorCode.sendNotHeld ? t('undoTooLate') : t('undoFailed', { message: errorMessage(error, t) })),
    );
  }

  private async _onReschedule(event: CustomEvent<{ sendAt: string }>): Promise<void> {
    const { t } = this.hostCtl;
    this._dialog?.close();
    await this._run(
      (api, email) => api.rescheduleEmail(email.id, email.version, event.detail.sendAt),
      (error) => t('scheduleFailed', { message: errorMessage(error, t) }),
    );
  }

  private async _run(call: (api: MailApi, email: Email) => Promise<Email>, describe: (error: unknown) => string): Promise<void> {
    const { api, email } = this;
    if (!api || !email || this._busy) return;
    this._busy = true;
    this._error = '';
    try {
      const next = await call(api, email);
      this.dispatchEvent(new CustomEvent<Email>('sb-email-updated', { detail: next, bubbles: true, composed: true }));
    } catch (error) {
      this._error = describe(error);
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-held-send': HeldSend;
  }
}
