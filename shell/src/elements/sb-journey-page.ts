import { Task } from '@lit/task';
import type { Activity, ActivityPage, Contact, Locale } from '@switchboard/contracts';
import { ApiError, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { backLink, openInTab } from '../crm/crm-links';
import { crmRecordStyles } from '../crm/record-styles';
import {
  activityKind,
  dayHeading,
  groupByDay,
  itemTarget,
  JOURNEY_FILTERS,
  journeyItems,
  type JourneyFilter,
  type JourneyItem,
  timeOfDay,
} from '../crm/journey';
import { translate } from '../messages';
import { contactPath, journeyPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { modulePageStyles, sharedStyles } from './shared-styles';

/**
 * A contact's customer journey (K6, N4): the contact's activities (keyset-paged, newest first)
 * and tickets on one timeline grouped by day, narrowed by type; each entry opens its source
 * (an email page, a ticket page) in its own tab.
 */
@customElement('sb-journey-page')
export class SbJourneyPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    crmRecordStyles,
    css`
      header {
        padding: 1.25rem 1.5rem;
        margin-bottom: 1rem;
      }
      h1 {
        margin-bottom: 0.5rem;
      }
      .filter {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 1rem;
      }
      select {
        min-height: 2.25rem;
        padding: 0.3rem 0.6rem;
        border: 1px solid ${theme.borderStrong};
        border-radius: 8px;
        background: ${theme.surface};
      }
      section.day {
        padding: 0.75rem 1.5rem;
        margin-bottom: 0.75rem;
      }
      h2 {
        font-size: 1rem;
        margin-bottom: 0.25rem;
      }
      h2::first-letter {
        text-transform: uppercase;
      }
      li {
        display: grid;
        grid-template-columns: 4rem 1fr;
        gap: 0.15rem 0.75rem;
        padding: 0.5rem 0;
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: ${theme.textMuted};
      }
      .kind {
        font-size: 0.85rem;
        font-weight: 600;
        color: ${theme.textMuted};
      }
      .what {
        overflow-wrap: anywhere;
      }
      .badge {
        margin-left: 0.4rem;
      }
    `,
  ];

  /** Id of the contact. */
  @property() contactId = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  @state() private _filter: JourneyFilter = 'all';
  @state() private _activities: Activity[] = [];
  @state() private _cursor: string | null = null;
  @state() private _loadingMore = false;
  @state() private _moreFailed = false;

  private readonly _contact = new Task(this, {
    task: async ([services, contactId], { signal }) => {
      if (!services) throw new Error('No services');
      const contact = await services.crm.contact(contactId, signal);
      services.tabs.rename(journeyPath(contactId), translate(this.locale)('journey.heading', { name: contact.name }));
      return contact;
    },
    args: () => [this.services, this.contactId] as const,
  });

  private readonly _tickets = new Task(this, {
    task: ([services, contactId], { signal }) => {
      if (!services) throw new Error('No services');
      return services.tickets.contactTickets(contactId, 500, signal);
    },
    args: () => [this.services, this.contactId] as const,
  });

  private readonly _firstPage = new Task(this, {
    task: async ([services, contactId, filter], { signal }) => {
      if (!services) throw new Error('No services');
      const kind = activityKind(filter);
      const none: ActivityPage = { items: [], nextCursor: null };
      return kind === null ? none : services.crm.activities(contactId, { kind }, signal);
    },
    args: () => [this.services, this.contactId, this._filter] as const,
    onComplete: (page) => {
      this._activities = page.items;
      this._cursor = page.nextCursor;
    },
  });

  override render() {
    const t = translate(this.locale);
    const here = journeyPath(this.contactId);
    const contact = this._contact.value;
    return html`
      ${backLink(this.services?.tabs.find(here)?.opener, t)}
      <header class="card">
        <p class="module muted">${t('crm.module')}</p>
        <h1 id="journey-heading">${contact ? t('journey.heading', { name: contact.name }) : t('journey.title')}</h1>
        ${contact
          ? html`<a href=${contactPath(contact.id)} @click=${openInTab(this.services?.tabs, here, contact.name)}>${t('journey.openContact')}</a>`
          : nothing}
      </header>
      ${this._contact.render({
        error: (error) => this._renderError(error, () => this._contact.run()),
      })}
      <div class="filter">
        <label for="journey-filter">${t('journey.filter')}</label>
        <select id="journey-filter" .value=${this._filter} @change=${this._onFilter}>
          ${JOURNEY_FILTERS.map((f) => html`<option value=${f} ?selected=${f === this._filter}>${t(`journey.filter.${f}`)}</option>`)}
        </select>
      </div>
      ${this._renderTimeline(contact)}
    `;
  }

  private _renderTimeline(contact: Contact | undefined) {
    const t = translate(this.locale);
    if (this._contact.error) return nothing;
    const failed = this._tickets.error ?? this._firstPage.error;
    if (failed) {
      return this._renderError(failed, () => {
        void this._tickets.run();
        void this._firstPage.run();
      });
    }
    if (this._tickets.value === undefined || this._firstPage.value === undefined || !contact) {
      return html`<p class="muted" role="status">${t('common.loading')}</p>`;
    }
    const items = journeyItems(this._activities, this._tickets.value, this._filter, this._cursor !== null);
    const days = groupByDay(items);
    return html`<section aria-label=${t('journey.timeline')}>
        ${days.length === 0 ? html`<p class="muted">${t('journey.empty')}</p>` : nothing}
        ${days.map(
          ({ day, items: dayItems }) => html`<section class="card day" aria-labelledby="day-${day}">
            <h2 id="day-${day}">${dayHeading(day, this.locale)}</h2>
            <ul class="rows">
              ${dayItems.map((item) => this._renderItem(item))}
            </ul>
          </section>`,
        )}
      </section>
      ${this._moreFailed ? html`<p class="alert" role="alert">${t('journey.loadFailed')}</p>` : nothing}
      ${this._cursor
        ? html`<p>
            <button type="button" ?disabled=${this._loadingMore} @click=${() => void this._loadMore()}>${t('journey.loadMore')}</button>
          </p>`
        : nothing}`;
  }

  private _renderItem(item: JourneyItem) {
    const t = translate(this.locale);
    const target = itemTarget(item);
    const title = item.type === 'ticket' ? `#${item.ticket.number} ${item.ticket.title}` : item.activity.title;
    const kind =
      item.type === 'ticket'
        ? t('journey.kind.ticket')
        : item.activity.kind === 'email' && item.activity.direction
          ? t(`journey.kind.email-${item.activity.direction}`)
          : t(`journey.kind.${item.activity.kind}`);
    const here = journeyPath(this.contactId);
    let what;
    if (!target) what = html`${title}`;
    else if (target.startsWith('/')) what = html`<a href=${target} @click=${openInTab(this.services?.tabs, here, item.type === 'ticket' ? `#${item.ticket.number}` : undefined)}>${title}</a>`;
    else what = html`<a href=${target} target="_blank" rel="noopener noreferrer">${title}</a>`;
    return html`<li data-type=${item.type === 'ticket' ? 'ticket' : item.activity.kind}>
      <span class="time">${timeOfDay(item.at, this.locale)}</span>
      <span>
        <span class="kind">${kind}</span>${item.type === 'activity' && item.activity.private ? html`<span class="badge">${t('journey.private')}</span>` : nothing}
        <br /><span class="what">${what}</span>
      </span>
    </li>`;
  }

  private _renderError(error: unknown, retry: () => void) {
    const t = translate(this.locale);
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      return html`<p class="alert" role="alert">${t('contact.notFound')}</p>`;
    }
    return html`<p class="alert" role="alert">${t('journey.loadFailed')}<button type="button" @click=${retry}>${t('common.retry')}</button></p>`;
  }

  private _onFilter(event: Event): void {
    this._filter = (event.target as HTMLSelectElement).value as JourneyFilter;
    this._moreFailed = false;
  }

  private async _loadMore(): Promise<void> {
    const services = this.services;
    const cursor = this._cursor;
    const kind = activityKind(this._filter);
    if (!services || !cursor || kind === null || this._loadingMore) return;
    this._loadingMore = true;
    this._moreFailed = false;
    const filter = this._filter;
    try {
      const page = await services.crm.activities(this.contactId, { kind, cursor });
      if (filter !== this._filter) return;
      this._activities = [...this._activities, ...page.items];
      this._cursor = page.nextCursor;
    } catch (error) {
      console.error('Loading older activities failed', error);
      this._moreFailed = true;
    } finally {
      this._loadingMore = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-journey-page': SbJourneyPage;
  }
}
