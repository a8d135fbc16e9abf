/** A shell route, parsed from a pathname. */
export type Route =
  | { name: 'home'; path: '/' }
  | { name: 'new-email'; path: string }
  | { name: 'email'; path: string; emailId: string }
  | { name: 'ticket'; path: string; ticketId: string }
  | { name: 'crm'; path: string }
  | { name: 'journey'; path: string; contactId: string }
  | { name: 'contact'; path: string; contactId: string }
  | { name: 'company'; path: string; companyId: string }
  | { name: 'sla'; path: string; slaRef: string }
  | { name: 'kb'; path: string }
  | { name: 'kb-article'; path: string; articleId: string }
  | { name: 'frame-origins'; path: string }
  | { name: 'inbound'; path: string }
  | { name: 'templates'; path: string }
  | { name: 'dev-mail'; path: string; messageId?: string }
  | { name: 'not-found'; path: string };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const EMAIL = new RegExp(`^/emails/(${UUID})$`);
const TICKET = new RegExp(`^/tickets/(${UUID})$`);
const JOURNEY = new RegExp(`^/contacts/(${UUID})/journey$`);
const CONTACT = new RegExp(`^/contacts/(${UUID})$`);
const COMPANY = new RegExp(`^/companies/(${UUID})$`);
const KB_ARTICLE = new RegExp(`^/kb/articles/(${UUID})$`);
const SLA = /^\/slas\/([a-z0-9][a-z0-9-]{0,63})$/;
const DEV_MAIL_MESSAGE = new RegExp(`^/dev/mail/(${UUID})$`);

/** Matches a pathname (a trailing slash is ignored) to a route; ids must be UUIDs. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname || '/';
  if (path === '/') return { name: 'home', path: '/' };
  if (path === '/emails/new') return { name: 'new-email', path };
  if (path === CRM_HOME_PATH) return { name: 'crm', path };
  if (path === KB_HOME_PATH) return { name: 'kb', path };
  if (path === FRAME_ORIGINS_PATH) return { name: 'frame-origins', path };
  if (path === INBOUND_PATH) return { name: 'inbound', path };
  if (path === TEMPLATES_PATH) return { name: 'templates', path };
  let match = EMAIL.exec(path);
  if (match) return { name: 'email', path, emailId: match[1].toLowerCase() };
  match = TICKET.exec(path);
  if (match) return { name: 'ticket', path, ticketId: match[1].toLowerCase() };
  match = JOURNEY.exec(path);
  if (match) return { name: 'journey', path, contactId: match[1].toLowerCase() };
  match = CONTACT.exec(path);
  if (match) return { name: 'contact', path, contactId: match[1].toLowerCase() };
  match = COMPANY.exec(path);
  if (match) return { name: 'company', path, companyId: match[1].toLowerCase() };
  match = SLA.exec(path);
  if (match) return { name: 'sla', path, slaRef: match[1] };
  match = KB_ARTICLE.exec(path);
  if (match) return { name: 'kb-article', path, articleId: match[1].toLowerCase() };
  if (path === DEV_MAIL_PATH) return { name: 'dev-mail', path };
  match = DEV_MAIL_MESSAGE.exec(path);
  if (match) return { name: 'dev-mail', path, messageId: match[1].toLowerCase() };
  return { name: 'not-found', path };
}

/** The Sent mail page of the dev mail sink. */
export const DEV_MAIL_PATH = '/dev/mail';

/** Path of one message on the Sent mail page. */
export const devMailPath = (messageId: string) => `${DEV_MAIL_PATH}/${messageId}`;

/** Path of an email's detail page. */
export const emailPath = (emailId: string) => `/emails/${emailId}`;

/** Path of a ticket in the Tickets module. */
export const ticketPath = (ticketId: string) => `/tickets/${ticketId}`;

/** Path of a contact in the CRM module (C2). */
export const contactPath = (contactId: string) => `/contacts/${contactId}`;

/** Path of a company in the CRM module (C2). */
export const companyPath = (companyId: string) => `/companies/${companyId}`;

/** Path of a contact's customer journey (K6, N4). */
export const journeyPath = (contactId: string) => `/contacts/${contactId}/journey`;

/** Path of an SLA plan's page (C7). */
export const slaPath = (ref: string) => `/slas/${ref}`;

/** The CRM module's home: search contacts and companies (C5). */
export const CRM_HOME_PATH = '/crm';

/** The Knowledge base module's home: the articles, and for KB editors New article (issue 11). */
export const KB_HOME_PATH = '/kb';

/** The Templates page: team leads create and edit templates and macros (E10, E13). */
export const TEMPLATES_PATH = '/templates';

/** The sites the Page-in-page widget may show, kept by administrators (P1). */
export const FRAME_ORIGINS_PATH = '/admin/frame-origins';

/** Queues' IMAP mailboxes and held received messages, kept by administrators (issue 13). */
export const INBOUND_PATH = '/admin/inbound';

/** Path of an article in the Knowledge base module (A2). */
export const kbArticlePath = (articleId: string) => `/kb/articles/${articleId}`;

/** True for routes that live in a closable tab of the static panel. */
export function isTabRoute(route: Route): boolean {
  return ['email', 'ticket', 'crm', 'journey', 'contact', 'company', 'sla', 'kb', 'kb-article', 'frame-origins', 'inbound'].includes(route.name);
}
