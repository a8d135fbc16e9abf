import { Task } from '@lit/task';
import type { Activity, HostApi } from '@switchboard/contracts';
import { errorMessage, formatDateTime, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContactsApi } from './crm-api';
import { messages, type MessageKey } from './messages';
import { baseStyles } from './styles';

/**
 * A contact's activities, newest first, a page at a time (C8): "Load more" follows the
 * service's keyset cursor. An activity with a shell link (an email) opens it in a new tab.
 *
 * @csspart list - the list of activities
 */
@customElement('sb-activity-list')
export class ActivityList extends LitElement {
  static override styles = [
    baseStyles,
    css`
      li {
        display: grid;
        gap: 2px;
        padding: 6px 0;
        border-bottom: 1px solid ${theme.border};
      }
      .meta {
        font-size: 0.857em;
        color: ${theme.textMuted};
      }
    `,
  ];

  /** The host API: tabs, language. */
  @property({ attribute: false }) host?: HostApi;

  /** The CRM service. */
  @property({ attribute: false }) api?: ContactsApi;

  /** The contact whose activities are listed. */
  @property({ attribute: false }) contact?: { id: string; name: string };

  /** The pages loaded after the first one, for the current contact. */
  @state() private _more: Activity[] = [];
  @state() private _cursor: string | null = null;
  @state() private _loadingMore = false;
  @state() private _moreError?: unknown;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _first = new Task(this, {
    task: async ([api, id], { signal }) => {
      if (!api || !id) return [];
      const page = await api.listActivities(id, undefined, signal);
      this._more = [];
      this._cursor = page.nextCursor;
      return page.items;
    },
    args: () => [this.api, this.contact?.id] as const,
  });

  override render() {
    const contact = this.contact;
    if (!this.host || !contact) return nothing;
    const { t } = this.hostCtl;
    return this._first.render({
      pending: () => html`<p class="muted" role="status">${t('loadingMore')}</p>`,
      error: (error) => html`<div class="alert" role="alert">
        <p>${t('activitiesFailed')}: ${errorMessage(error, t)}</p>
        <button type="button" @click=${() => void this._first.run()}>${t('retry')}</button>
      </div>`,
      complete: (first) => {
        const items = [...first, ...this._more];
        if (items.length === 0) return html`<p class="muted">${t('activitiesEmpty')}</p>`;
        return html`<ul class="plain" part="list" aria-label=${t('activitiesLabel', { name: contact.name })}>
            ${items.map((activity) => this._renderActivity(activity))}
          </ul>
          ${this._moreError ? html`<p class="alert" role="alert">${t('activitiesFailed')}: ${errorMessage(this._moreError, t)}</p>` : nothing}
          ${this._cursor
            ? html`<div class="actions">
                <button type="button" aria-disabled=${this._loadingMore ? 'true' : 'false'} @click=${this._onMore}>
                  ${this._loadingMore ? t('loadingMore') : t('loadMore')}
                </button>
              </div>`
            : nothing}`;
      },
    });
  }

  private _renderActivity(activity: Activity) {
    const { t, locale } = this.hostCtl;
    const kind = t(`kind_${activity.kind}` as MessageKey);
    const direction = activity.direction ? ` (${t(`direction_${activity.direction}` as MessageKey)})` : '';
    const link = activity.link;
    return html`<li>
      ${link?.startsWith('/')
        ? html`<button type="button" class="link" aria-label=${t('openActivity', { title: activity.title })} @click=${() => this._open(link, activity.title)}>
            ${activity.title}
          </button>`
        : link
          ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${activity.title}</a>`
          : html`<span>${activity.title}</span>`}
      <span class="meta">${kind}${direction} · <time datetime=${activity.occurredAt}>${formatDateTime(activity.occurredAt, locale)}</time></span>
    </li>`;
  }

  private _open(path: string, title: string): void {
    this.hostCtl.host.openTab({ path, title });
  }

  private async _onMore(): Promise<void> {
    const id = this.contact?.id;
    if (!this.api || !id || !this._cursor || this._loadingMore) return;
    this._loadingMore = true;
    this._moreError = undefined;
    try {
      const page = await this.api.listActivities(id, this._cursor);
      if (this.contact?.id !== id) return;
      this._more = [...this._more, ...page.items];
      this._cursor = page.nextCursor;
    } catch (error) {
      this._moreError = error;
    } finally {
      this._loadingMore = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-activity-list': ActivityList;
  }
}
