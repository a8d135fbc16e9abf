import type { DevMailSummary, Locale } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { formatDateTime } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DevMailClient } from '../mail/dev-mail-client';
import { formatAddresses } from '../mail/format';
import { translate } from '../messages';
import { navigate, onLinkClick } from '../navigation/navigate';
import { DEV_MAIL_PATH, devMailPath } from '../navigation/routes';
import { modulePageStyles, sharedStyles } from './shared-styles';
import { recordTableStyles } from './record-table-styles';
import './sb-dev-mail-message';

/**
 * Sent mail (`/dev/mail`, `/dev/mail/<id>`): what the dev mail sink of `npm start` caught, newest
 * first, and the chosen message below the list.
 */
@customElement('sb-dev-mail-page')
export class SbDevMailPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    recordTableStyles,
    css`
      :host {
        max-width: 72rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem 1rem;
        margin-bottom: 0.25rem;
      }
      h1 {
        flex: 1 1 auto;
        font-size: 1.5rem;
      }
      .intro {
        margin: 0 0 1rem;
      }
      .list {
        padding-bottom: 1rem;
        margin-bottom: 1.25rem;
      }
      caption {
        padding: 0.5rem 0;
        text-align: left;
        font-weight: 600;
      }
      tr.selected td {
        background: #eef2ff;
      }
      td.addresses {
        max-width: 16rem;
        overflow-wrap: anywhere;
      }
      td.when {
        white-space: nowrap;
      }
      .alert {
        margin-bottom: 1rem;
      }
      .alert button {
        margin-left: 0.75rem;
      }
    `,
  ];

  /** Client of the dev mail sink. */
  @property({ attribute: false }) client?: DevMailClient;
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** Whether the gateway runs the sink (known after sign-in). */
  @property({ type: Boolean }) available = true;
  /** Whether the agent is an administrator: the sink holds everyone's mail, so only they may read it. */
  @property({ type: Boolean }) admin = false;
  /** The message shown below the list, from the route. */
  @property() messageId?: string;

  @state() private _clearFailed = false;

  private readonly _messages = new Task(this, {
    task: async ([client, available, admin], { signal }) => (client && available && admin ? client.list(signal) : []),
    args: () => [this.client, this.available, this.admin] as const,
  });

  override render() {
    const t = translate(this.locale);
    if (!this.available) {
      return html`<h1>${t('devMail.title')}</h1>
        <p class="intro muted">${t('devMail.unavailable')}</p>`;
    }
    if (!this.admin) {
      return html`<h1>${t('devMail.title')}</h1>
        <p class="alert" role="alert">${t('devMail.adminOnly')}</p>`;
    }
    return html`
      <div class="head">
        <h1>${t('devMail.title')}</h1>
        <button type="button" @click=${() => this._messages.run()}>${t('devMail.refresh')}</button>
        <button type="button" @click=${this._onClear}>${t('devMail.clear')}</button>
      </div>
      <p class="intro muted">${t('devMail.intro')}</p>
      ${this._clearFailed ? html`<p class="alert" role="alert">${t('devMail.clearFailed')}</p>` : nothing}
      <section class="list card">
        ${this._messages.render({
          pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
          error: () => html`<p class="alert" role="alert">
            ${t('devMail.loadFailed')}<button type="button" @click=${() => this._messages.run()}>${t('common.retry')}</button>
          </p>`,
          complete: (items) => (items.length === 0 ? html`<p class="muted">${t('devMail.empty')}</p>` : this._renderTable(items)),
        })}
      </section>
      ${this.messageId
        ? html`<sb-dev-mail-message .client=${this.client} .locale=${this.locale} .messageId=${this.messageId}></sb-dev-mail-message>`
        : html`<p class="muted">${t('devMail.select')}</p>`}
    `;
  }

  private _renderTable(items: readonly DevMailSummary[]) {
    const t = translate(this.locale);
    return html`<table>
      <caption>
        ${t('devMail.messages')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('devMail.subject')}</th>
          <th scope="col">${t('devMail.from')}</th>
          <th scope="col">${t('devMail.to')}</th>
          <th scope="col">${t('devMail.received')}</th>
          <th scope="col">${t('devMail.attachments')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) => html`<tr class=${item.id === this.messageId ? 'selected' : ''}>
            <td>
              <a
                href=${devMailPath(item.id)}
                aria-current=${item.id === this.messageId ? 'page' : 'false'}
                @click=${onLinkClick}
                >${item.subject || t('devMail.noSubject')}</a
              >
            </td>
            <td class="addresses">${formatAddresses(item.from)}</td>
            <td class="addresses">${formatAddresses([...item.to, ...item.cc])}</td>
            <td class="when">${formatDateTime(item.receivedAt, this.locale)}</td>
            <td class="number">${item.attachments.length}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private async _onClear(): Promise<void> {
    this._clearFailed = false;
    try {
      await this.client?.clear();
    } catch (error) {
      console.error('Clearing the dev mail sink failed', error);
      this._clearFailed = true;
      return;
    }
    if (this.messageId) navigate(DEV_MAIL_PATH);
    await this._messages.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-dev-mail-page': SbDevMailPage;
  }
}
