/** A shell route, parsed from a pathname. */
export type Route =
  | { name: 'home'; path: '/' }
  | { name: 'new-email'; path: string }
  | { name: 'email'; path: string; emailId: string }
  | { name: 'ticket'; path: string; ticketId: string }
  | { name: 'journey'; path: string; contactId: string }
  | { name: 'not-found'; path: string };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const EMAIL = new RegExp(`^/emails/(${UUID})$`);
const TICKET = new RegExp(`^/tickets/(${UUID})$`);
const JOURNEY = new RegExp(`^/contacts/(${UUID})/journey$`);

/** Matches a pathname (a trailing slash is ignored) to a route; ids must be UUIDs. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname || '/';
  if (path === '/') return { name: 'home', path: '/' };
  if (path === '/emails/new') return { name: 'new-email', path };
  let match = EMAIL.exec(path);
  if (match) return { name: 'email', path, emailId: match[1].toLowerCase() };
  match = TICKET.exec(path);
  if (match) return { name: 'ticket', path, ticketId: match[1].toLowerCase() };
  match = JOURNEY.exec(path);
  if (match) return { name: 'journey', path, contactId: match[1].toLowerCase() };
  return { name: 'not-found', path };
}

/** Path of an email's detail page. */
export const emailPath = (emailId: string) => `/emails/${emailId}`;

/** Path of a ticket in the Tickets module. */
export const ticketPath = (ticketId: string) => `/tickets/${ticketId}`;

/** True for routes that live in a closable tab of the static panel. */
export function isTabRoute(route: Route): boolean {
  return route.name === 'email' || route.name === 'ticket' || route.name === 'journey';
}

/** A fresh id for a new email (UUID v4); works outside secure contexts, unlike randomUUID. */
export function newEmailId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
