import type { EmailTicket, User } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { formatDateTime, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { translate, type MessageKey } from '../messages';
import { onLinkClick } from '../navigation/navigate';
import { emailPath } from '../navigation/routes';
import type { TicketsClient } from '../session/tickets-client';
import { sharedStyles } from './shared-styles';

/**
 * Home: a greeting, the New email button, the customers' emails the agent has not read yet in
 * their tickets (issue 13) and the agent's recent emails.
 * @fires sb-new-email - the agent asked for a new email
 */
@customElement('sb-home-page')
export class SbHomePage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 56rem;
        margin: 0 auto;
        padding: 2rem 1.25rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
        margin-bottom: 1.5rem;
      }
      h1 {
        font-size: 1.6rem;
      }
      section {
        padding: 1.25rem;
      }
      section + section {
        margin-top: 1.25rem;
      }
      h2 {
        margin-bottom: 0.75rem;
        font-size: 1.1rem;
      }
      li a {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25rem 0.75rem;
        padding: 0.7rem 0.25rem;
        text-decoration: none;
        color: ${theme.text};
      }
      li a:hover .title {
        text-decoration: underline;
      }
      .number {
        color: ${theme.accent};
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .title {
        flex: 1 1 12rem;
        font-weight: 600;
      }
      .when {
        font-size: 0.9rem;
      }
      .alert button {
        margin-left: 0.75rem;
      }
    `,
  ];

  /** The signed-in agent. */
  @property({ attribute: false }) user?: User;
  /** Client of the tickets service. */
  @property({ attribute: false }) tickets?: TicketsClient;

  private readonly _unread = new Task(this, {
    task: async ([tickets], { signal }): Promise<EmailTicket[]> => (tickets ? (await tickets.unreadEmails(signal)).items : []),
    args: () => [this.tickets] as const,
  });

  private readonly _recent = new Task(this, {
    task: async ([tickets], { signal }): Promise<EmailTicket[]> => (tickets ? (await tickets.recentEmails(signal)).items : []),
    args: () => [this.tickets] as const,
  });

  override render() {
    const locale = this.user?.locale ?? 'en';
    const t = translate(locale);
    return html`
      <div class="head">
        <h1>${t('home.title', { name: this.user?.name ?? '' })}</h1>
        <button
          class="primary"
          type="button"
          @click=${() => this.dispatchEvent(new CustomEvent('sb-new-email', { bubbles: true, composed: true }))}
        >
          <span aria-hidden="true">+</span>${t('panel.newEmail')}
        </button>
      </div>
      ${this._renderList('unread', this._unread, { title: 'home.unread', empty: 'home.unreadEmpty', failed: 'home.unreadFailed', when: 'home.receivedAt' })}
      ${this._renderList('recent', this._recent, { title: 'home.recent', empty: 'home.empty', failed: 'home.loadFailed', when: 'home.linkedAt' })}
    `;
  }

  private _renderList(id: string, task: Task<readonly [TicketsClient | undefined], EmailTicket[]>, keys: Record<'title' | 'empty' | 'failed' | 'when', MessageKey>) {
    const locale = this.user?.locale ?? 'en';
    const t = translate(locale);
    return html`<section class="card" aria-labelledby="${id}-title">
      <h2 id="${id}-title">${t(keys.title)}</h2>
      ${task.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: () => html`<p class="alert" role="alert">
          ${t(keys.failed)}<button type="button" @click=${() => task.run()}>${t('common.retry')}</button>
        </p>`,
        complete: (items) =>
          items.length === 0
            ? html`<p class="muted">${t(keys.empty)}</p>`
            : html`<ul class="rows">
                ${items.map(
                  (item) => html`<li>
                    <a href=${emailPath(item.emailId)} @click=${onLinkClick}>
                      <span class="number">#${item.ticket.number}</span>
                      <span class="title">${item.ticket.title}</span>
                      <span class="when muted">${t(keys.when, { time: formatDateTime(item.linkedAt, locale) })}</span>
                    </a>
                  </li>`,
                )}
              </ul>`,
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-home-page': SbHomePage;
  }
}
