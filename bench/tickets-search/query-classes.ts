import type { TicketSearchQuery } from '@switchboard/contracts';
import { COMMON_WORDS, TWO_WORDS } from './bulk-seed';

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const tickets = (q: string) => `/tickets?q=${encodeURIComponent(q)}`;

/** A query class: how the load picks a request, and one request of it for EXPLAIN. */
export interface QueryClass {
  name: string;
  nextPath: (size: number) => () => string;
  explained: TicketSearchQuery;
}

/** What the widget asks: its first page, common word prefixes, two words, numbers, and the mine+favourites filter. */
export const CLASSES: QueryClass[] = [
  { name: 'list', nextPath: () => () => '/tickets', explained: {} },
  { name: 'common word', nextPath: () => () => tickets(pick(COMMON_WORDS)), explained: { q: 'refu' } },
  { name: 'two words', nextPath: () => () => tickets(pick(TWO_WORDS)), explained: { q: 'laptop dam' } },
  // A bare number is a ticket number or an order number in a title (60% of titles hold one of 1000..99999).
  { name: 'bare number', nextPath: () => () => tickets(String(1000 + Math.floor(Math.random() * 99_000))), explained: { q: '54321' } },
  { name: '#number', nextPath: (size) => () => tickets(`#${1001 + Math.floor(Math.random() * size)}`), explained: { q: '#54321' } },
  { name: 'mine+favourites', nextPath: () => () => '/tickets?mine=true&favourites=true', explained: { mine: true, favourites: true } },
];
