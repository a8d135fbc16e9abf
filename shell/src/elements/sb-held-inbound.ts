import type { HeldInbound, HeldInboundList, Locale } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { formatDateTime } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { InboundAdminClient } from '../inbound/inbound-admin-client';
import { translateInbound } from '../inbound/inbound-messages';
import { formatBytes } from '../mail/format';
import { recordTableStyles } from './record-table-styles';
import { sharedStyles } from './shared-styles';

/** The calls the held list makes. */
export type HeldInboundSource = Pick<InboundAdminClient, 'held' | 'retry'>;

type StateFilter = 'all' | HeldInbound['state'];

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Received messages that were not filed (issue 13), newest first: quarantined ones (kept; an
 * administrator files one again once its cause is fixed) and refused ones, each with its reason.
 */
@customElement('sb-held-inbound')
export class SbHeldInbound extends LitElement {
  static override styles = [sharedStyles, recordTableStyles];

  @property() locale: Locale = 'en';
  @property({ attribute: false }) source?: HeldInboundSource;

  @state() private _filter: StateFilter = 'all';
  @state() private _error = '';
  @state() private _done = '';
  @state() private _busy = false;

  private readonly _load = new Task(this, {
    task: async ([source, filter], { signal }): Promise<HeldInboundList> =>
      source ? source.held(filter === 'all' ? { limit: 200 } : { state: filter, limit: 200 }, signal) : { items: [] },
    args: () => [this.source, this._filter] as const,
  });

  override render() {
    const t = translateInbound(this.locale);
    return html`
      <h2 id="held">${t('held')}</h2>
      <p>${t('heldIntro')}</p>
      <label
        >${t('show')}
        <select @change=${(event: Event) => (this._filter = (event.target as HTMLSelectElement).value as StateFilter)}>
          ${(['all', 'quarantined', 'refused'] as const).map(
            (value) => html`<option value=${value} ?selected=${value === this._filter}>${t(`state.${value}`)}</option>`,
          )}
        </select>
      </label>
      ${this._error ? html`<p class="alert" role="alert">${t('failed', { reason: this._error })}</p>` : nothing}
      <p role="status">${this._done}</p>
      ${this._load.render({
        pending: () => html`<p class="muted">${t('loading')}</p>`,
        error: (error) => html`<p class="alert" role="alert">
          ${t('heldFailed', { reason: reasonOf(error) })}
          <button type="button" @click=${() => this._load.run()}>${t('retryLoad')}</button>
        </p>`,
        complete: (list) => (list.items.length === 0 ? html`<p class="muted">${t('heldEmpty')}</p>` : this._renderTable(list.items)),
      })}
    `;
  }

  private _renderTable(items: readonly HeldInbound[]) {
    const t = translateInbound(this.locale);
    return html`<div class="card list">
      <table aria-labelledby="held">
        <thead>
          <tr>
            <th scope="col">${t('received')}</th>
            <th scope="col">${t('sender')}</th>
            <th scope="col">${t('subject')}</th>
            <th scope="col">${t('state')}</th>
            <th scope="col">${t('reason')}</th>
            <th scope="col">${t('source')}</th>
            <th scope="col">${t('size')}</th>
            <th scope="col">${t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map((item) => {
            const subject = item.subject || t('noSubject');
            return html`<tr>
              <td>${formatDateTime(item.receivedAt, this.locale)}</td>
              <td class="wrap">${item.sender ?? html`<span class="muted">${t('unknown')}</span>`}</td>
              <td class="wrap">${subject}</td>
              <td>${t(`state.${item.state}`)}</td>
              <td class="wrap">${item.reason ?? ''}</td>
              <td>${t(`source.${item.source}`)}</td>
              <td class="number">${formatBytes(item.size, this.locale)}</td>
              <td class="actions">
                ${item.retriable && item.state === 'quarantined'
                  ? html`<button type="button" ?disabled=${this._busy} @click=${() => this._retry(item.id, subject)}>${t('fileAgain', { subject })}</button>`
                  : nothing}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private async _retry(id: string, subject: string): Promise<void> {
    if (!this.source || this._busy) return;
    this._busy = true;
    this._error = '';
    this._done = '';
    try {
      await this.source.retry(id);
      this._done = translateInbound(this.locale)('retried', { subject });
      await this._load.run();
    } catch (error) {
      this._error = reasonOf(error);
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-held-inbound': SbHeldInbound;
  }
}
