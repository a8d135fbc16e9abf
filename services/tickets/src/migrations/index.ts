import type { MigrationEntry } from '@switchboard/service-kit';
import { TicketsServiceEvents } from './0003-service-events.migration';
import { TicketTags } from './0004-ticket-tags.migration';
import { AppliedChanges } from './0005-applied-changes.migration';
import { UnreadEmails } from './0006-unread-emails.migration';
import { TitlePrefixes } from './0007-title-prefixes.migration';
import { TicketTeam } from './0008-ticket-team.migration';
import { RecentWords } from './0009-recent-words.migration';
import { ScopeCounts } from './0010-scope-counts.migration';
import { FavouriteSortColumns } from './0011-favourite-sort-columns.migration';
import { CreateTickets } from './create-tickets.migration';
import { TicketQueueIndex } from './ticket-queue-index.migration';

/** Migrations of the tickets schema, in the order they apply. Never edit one that shipped. */
export const ticketsMigrations: MigrationEntry[] = [
  { name: '0001-create-tickets', class: CreateTickets },
  { name: '0002-ticket-queue-index', class: TicketQueueIndex },
  { name: '0003-service-events', class: TicketsServiceEvents },
  { name: '0004-ticket-tags', class: TicketTags },
  { name: '0005-applied-changes', class: AppliedChanges },
  { name: '0006-unread-emails', class: UnreadEmails },
  { name: '0007-title-prefixes', class: TitlePrefixes },
  { name: '0008-ticket-team', class: TicketTeam },
  { name: '0009-recent-words', class: RecentWords },
  { name: '0010-scope-counts', class: ScopeCounts },
  { name: '0011-favourite-sort-columns', class: FavouriteSortColumns },
];
