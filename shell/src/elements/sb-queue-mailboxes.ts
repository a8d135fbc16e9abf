import type { Locale, QueueMailboxList } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { imapUrlOf, type InboundAdminClient, type MailboxFields } from '../inbound/inbound-admin-client';
import { translateInbound } from '../inbound/inbound-messages';
import { recordTableStyles } from './record-table-styles';
import { editorFormStyles, sharedStyles } from './shared-styles';

/** The calls the mailbox list makes. */
export type QueueMailboxesSource = Pick<InboundAdminClient, 'mailboxes' | 'setMailbox' | 'clearMailbox'>;

type Queue = QueueMailboxList['items'][number]['queue'];

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Every queue with the IMAP mailbox it polls (issue 13): an administrator sets one (the URL is
 * built from the fields and stored sealed by mail, so the password is never shown again),
 * changes it, or stops polling.
 */
@customElement('sb-queue-mailboxes')
export class SbQueueMailboxes extends LitElement {
  static override styles = [
    sharedStyles,
    editorFormStyles,
    recordTableStyles,
    css`
      form {
        margin-top: 1rem;
      }
      h3 {
        font-size: 1.05rem;
      }
    `,
  ];

  @property() locale: Locale = 'en';
  @property({ attribute: false }) source?: QueueMailboxesSource;

  @state() private _list?: QueueMailboxList;
  @state() private _editing?: Queue;
  @state() private _error = '';
  @state() private _done = '';
  @state() private _busy = false;

  private readonly _load = new Task(this, {
    task: async ([source], { signal }): Promise<QueueMailboxList> => (source ? source.mailboxes(signal) : { items: [] }),
    args: () => [this.source] as const,
  });

  override render() {
    const t = translateInbound(this.locale);
    const list = this._list ?? this._load.value;
    return html`
      <h2 id="mailboxes">${t('mailboxes')}</h2>
      ${this._error ? html`<p class="alert" role="alert">${t('failed', { reason: this._error })}</p>` : nothing}
      <p role="status">${this._done}</p>
      ${list
        ? this._renderTable(list)
        : this._load.error
          ? html`<p class="alert" role="alert">
              ${t('mailboxesFailed', { reason: reasonOf(this._load.error) })}
              <button type="button" @click=${() => this._load.run()}>${t('retryLoad')}</button>
            </p>`
          : html`<p class="muted">${t('loading')}</p>`}
      ${this._editing ? this._renderForm(this._editing) : nothing}
    `;
  }

  private _renderTable(list: QueueMailboxList) {
    const t = translateInbound(this.locale);
    return html`<div class="card list">
      <table aria-labelledby="mailboxes">
        <thead>
          <tr>
            <th scope="col">${t('queue')}</th>
            <th scope="col">${t('address')}</th>
            <th scope="col">${t('mailbox')}</th>
            <th scope="col">${t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${list.items.map(
            ({ queue, mailbox }) => html`<tr>
              <th scope="row">${queue.name}</th>
              <td>${queue.fromAddress}</td>
              <td>${mailbox.configured ? t('polling', { host: mailbox.host ?? '', folder: mailbox.folder }) : html`<span class="muted">${t('notSet')}</span>`}</td>
              <td class="actions">
                <button type="button" ?disabled=${this._busy} @click=${() => this._edit(queue)}>
                  ${t(mailbox.configured ? 'changeMailbox' : 'setMailbox', { queue: queue.name })}
                </button>
                ${mailbox.configured
                  ? html`<button type="button" ?disabled=${this._busy} @click=${() => this._clear(queue)}>${t('clearMailbox', { queue: queue.name })}</button>`
                  : nothing}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private _renderForm(queue: Queue) {
    const t = translateInbound(this.locale);
    return html`<form class="card" @submit=${this._save} aria-labelledby="mailbox-form">
      <h3 id="mailbox-form">${t('formTitle', { queue: queue.name })}</h3>
      <label
        >${t('security')}
        <select name="security">
          <option value="tls">${t('security.tls')}</option>
          <option value="starttls">${t('security.starttls')}</option>
        </select>
      </label>
      <div class="row">
        <label>${t('host')} <input name="host" required autocomplete="off" spellcheck="false" /></label>
        <label>${t('port')} <input name="port" inputmode="numeric" pattern="[0-9]{1,5}" size="6" aria-describedby="port-hint" /></label>
      </div>
      <p id="port-hint" class="muted">${t('portHint')}</p>
      <div class="row">
        <label>${t('user')} <input name="user" required autocomplete="off" spellcheck="false" /></label>
        <label>${t('password')} <input name="password" type="password" required autocomplete="new-password" aria-describedby="password-hint" /></label>
      </div>
      <p id="password-hint" class="muted">${t('passwordHint')}</p>
      <label>${t('folder')} <input name="folder" required value="INBOX" spellcheck="false" /></label>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this._busy}>${t('save')}</button>
        <button type="button" @click=${() => (this._editing = undefined)}>${t('cancel')}</button>
      </div>
    </form>`;
  }

  private async _edit(queue: Queue): Promise<void> {
    this._editing = queue;
    this._done = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[name="host"]')?.focus();
  }

  /** Runs a change; on success reloads the list and says what happened. */
  private async _change(change: (source: QueueMailboxesSource) => Promise<string>): Promise<void> {
    if (!this.source || this._busy) return;
    this._busy = true;
    this._error = '';
    this._done = '';
    try {
      this._done = await change(this.source);
      this._list = await this.source.mailboxes();
    } catch (error) {
      this._error = reasonOf(error);
    } finally {
      this._busy = false;
    }
  }

  private _save(event: SubmitEvent): void {
    event.preventDefault();
    const queue = this._editing;
    const form = event.target as HTMLFormElement;
    if (!queue || !form.reportValidity()) return;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '');
    const fields: MailboxFields = {
      security: field('security') === 'starttls' ? 'starttls' : 'tls',
      host: field('host'),
      port: field('port'),
      user: field('user'),
      password: field('password'),
    };
    void this._change(async (source) => {
      const mailbox = await source.setMailbox(queue.id, imapUrlOf(fields), field('folder').trim());
      this._editing = undefined;
      return translateInbound(this.locale)('saved', { queue: queue.name, host: mailbox.host ?? '' });
    });
  }

  private _clear(queue: Queue): void {
    void this._change(async (source) => {
      await source.clearMailbox(queue.id);
      return translateInbound(this.locale)('cleared', { queue: queue.name });
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-queue-mailboxes': SbQueueMailboxes;
  }
}
