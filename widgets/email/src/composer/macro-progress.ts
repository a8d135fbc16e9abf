import { Task } from '@lit/task';
import type { EmailMacroRun, HostApi } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MailApi } from '../mail-api';
import { messages, type MessageKey } from '../messages';
import { baseStyles } from '../styles';

/**
 * The progress line of a send's macro (E13): "Macro 'Close as solved': 3 of 3 done", or which
 * action failed and why, with Try again for it and the rest. Follows the run while steps are
 * pending; shows nothing for an email sent without a macro. Each time more steps have finished
 * it tells `ticket.changed`, so the Tickets widget shows what the macro did.
 */
@customElement('sb-macro-progress')
export class MacroProgress extends LitElement {
  static override styles = [baseStyles];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The sent email. */
  @property() emailId = '';

  /** The email's ticket, which the macro changes; empty without one. */
  @property() ticketId = '';

  /** Waits between looks while steps are pending; the last repeats. */
  @property({ attribute: false }) delaysMs: readonly number[] = [500, 1000, 2000, 5000];

  @state() private _tick = 0;
  @state() private _retrying = false;
  @state() private _error = '';

  private readonly hostCtl = new HostController(this, messages);
  private _timer?: ReturnType<typeof setTimeout>;
  /** Steps seen finished at the last look. */
  private _finished = 0;

  private readonly _run = new Task(this, {
    task: async ([api, emailId], { signal }): Promise<EmailMacroRun | null> => {
      const run = api && emailId ? await api.getEmailMacro(emailId, signal) : null;
      this._tellFinished(run);
      if (run?.steps.some((step) => step.state === 'pending') && !run.steps.some((step) => step.state === 'failed')) this._later();
      return run;
    },
    args: () => [this.api, this.emailId, this._tick] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  override render() {
    return this._run.render({
      complete: (run) => (run ? this._renderRun(run) : nothing),
      error: () => nothing,
    });
  }

  private _renderRun(run: EmailMacroRun) {
    const { t } = this.hostCtl;
    const failedAt = run.steps.findIndex((step) => step.state === 'failed');
    const done = run.steps.filter((step) => step.state === 'done').length;
    const skipped = run.steps.filter((step) => step.state === 'skipped').length;
    if (failedAt >= 0) {
      const step = run.steps[failedAt];
      return html`<p class="alert" role="status" part="macro">
          ${t('macroFailed', { name: run.name, step: failedAt + 1, action: t(`action_${step.type}` as MessageKey), reason: step.reason ?? '' })}
        </p>
        <button type="button" aria-disabled=${this._retrying ? 'true' : 'false'} @click=${this._onRetry}>${t('macroRetry')}</button>
        ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}`;
    }
    const line = t('macroProgress', { name: run.name, done, total: run.steps.length });
    return html`<p class="muted" role="status" part="macro">${skipped > 0 ? `${line}, ${t('macroSkipped', { count: skipped })}` : line}</p>`;
  }

  /** `ticket.changed` when more steps have finished than at the last look. */
  private _tellFinished(run: EmailMacroRun | null): void {
    const finished = run?.steps.filter((step) => step.state === 'done').length ?? 0;
    if (finished > this._finished && this.ticketId) this.host?.emit('ticket.changed', { ticketId: this.ticketId });
    this._finished = finished;
  }

  /** Looks again after the next delay. */
  private _later(): void {
    clearTimeout(this._timer);
    const delay = this.delaysMs[Math.min(this._tick, this.delaysMs.length - 1)];
    this._timer = setTimeout(() => (this._tick += 1), delay);
  }

  private async _onRetry(): Promise<void> {
    if (!this.api || this._retrying) return;
    const { t } = this.hostCtl;
    this._retrying = true;
    this._error = '';
    try {
      await this.api.retryEmailMacro(this.emailId);
      this._tick += 1;
    } catch (error) {
      this._error = t('macroRetryFailed', { message: errorMessage(error, t) });
    } finally {
      this._retrying = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-macro-progress': MacroProgress;
  }
}
