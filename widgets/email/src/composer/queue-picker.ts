import { Task, TaskStatus } from '@lit/task';
import type { HostApi, MailQueue } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { composerStyles } from './composer-styles';

/**
 * The queue the email is sent through (E2), from the agent's queues only, and the From address
 * it gives. A queue the draft names but the agent can no longer use stays visible, disabled.
 *
 * @fires sb-queue-change - detail: the chosen queue id, or null
 */
@customElement('sb-queue-picker')
export class QueuePicker extends LitElement {
  static override styles = [baseStyles, composerStyles];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The chosen queue. */
  @property({ attribute: false }) value: string | null = null;

  /** A message tied to the select, e.g. "Choose a queue to send through". */
  @property() error = '';

  @query('select') private _select?: HTMLSelectElement;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _queues = new Task(this, {
    task: async ([api], { signal }): Promise<MailQueue[]> => (api ? (await api.listQueues(signal)).items : []),
    args: () => [this.api] as const,
  });

  /** Moves focus to the select. */
  override focus(): void {
    this._select?.focus();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    const queues = this._queues.value ?? [];
    const loading = this._queues.status === TaskStatus.PENDING && !this._queues.value;
    const selected = queues.find((queue) => queue.id === this.value);
    return html`<div class="row">
        <label for="queue">${t('queueLabel')}</label>
        <select
          id="queue"
          ?disabled=${loading}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'queue-error' : nothing}
          @change=${this._onChange}
        >
          <option value="" ?selected=${!this.value}>${loading ? t('queuesLoading') : t('queuePlaceholder')}</option>
          ${queues.map((queue) => html`<option value=${queue.id} ?selected=${queue.id === this.value}>${queue.name}</option>`)}
          ${this.value && !selected && !loading ? html`<option value=${this.value} selected disabled>${t('queueUnknown')}</option>` : nothing}
        </select>
        ${this.error ? html`<p id="queue-error" class="invalid">${this.error}</p>` : nothing}
      </div>
      ${this._queues.status === TaskStatus.ERROR
        ? html`<div class="alert" role="alert">
            <p>${t('queuesFailed', { message: errorMessage(this._queues.error, t) })}</p>
            <button type="button" @click=${() => void this._queues.run()}>${t('retry')}</button>
          </div>`
        : nothing}
      <div class="row">
        <span class="label">${t('fromLabel')}</span>
        <span class="from ${selected ? '' : 'muted'}">${selected ? selected.fromAddress : t('fromNone')}</span>
      </div>`;
  }

  private _onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value || null;
    this.dispatchEvent(new CustomEvent<string | null>('sb-queue-change', { detail: value, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-queue-picker': QueuePicker;
  }
}
