import type { Locale, TicketRef, WidgetContext } from './host';
import type { MailAddress } from './mail';

/** A CRM record as a ticket copies it: id and display name. */
export interface NamedRef {
  id: string;
  name: string;
}

/** Typed events carried by the host's event bus, by name. */
export interface PlatformEvents {
  /** An email was assigned to a ticket (K1); the Email header follows (E1). */
  'ticket.assigned': { emailId: string; ticket: TicketRef; contactId?: string; companyId?: string };
  /** A ticket was created from a widget (K4). */
  'ticket.created': { ticket: TicketRef };
  /**
   * Something changed the ticket behind the page's back, e.g. a send's macro set its status and
   * tags (E13): the Email widget tells it as the macro's steps finish; the Tickets widget reloads it.
   */
  'ticket.changed': { ticketId: string };
  /** The agent switched the UI language. */
  'locale.changed': { locale: Locale };
  /** The page context changed, e.g. a ticket was assigned. */
  'context.changed': WidgetContext;
  /**
   * An email changed state: saved as postponed or resumed (E8), discarded (E6, status
   * `discarded`), or queued, sent or failed (E7). The shell refreshes its lists of activities.
   */
  'email.changed': { emailId: string; status: string; postponed: boolean };
  /** A widget asks the Email widget to insert text at the cursor of the reply being written. */
  'composer.insertText': { text: string };
  /**
   * A widget asks the Email widget to insert HTML at the cursor of the reply (e.g. a rendered
   * template, E10). The composer keeps only what its schema allows; one undo step.
   */
  'composer.insertHtml': { html: string };
  /**
   * The customer's address on the page's email (C1): the sender of a received email, else the
   * first To. The Email widget tells it once the email is loaded and whenever a widget asks
   * (`email.participantsRequested`).
   */
  'email.participants': { emailId: string; customer: MailAddress | null };
  /** A widget mounted after the email loaded asks the Email widget for `email.participants`. */
  'email.participantsRequested': { emailId: string };
  /**
   * What the page's email is about (A1): its subject and the start of its plain text, for the
   * Articles widget's suggestions. The Email widget tells it once the email is loaded and
   * whenever a widget asks (`email.topicRequested`).
   */
  'email.topic': { emailId: string; subject: string; text: string };
  /** A widget mounted after the email loaded asks the Email widget for `email.topic`. */
  'email.topicRequested': { emailId: string };
  /**
   * A widget asks the Email widget to start a new email to these addresses (N2): mail's
   * `POST /drafts` with `to` and `contactId`, opened in a new tab. Only mail's widget may call mail.
   */
  'email.composeRequested': { to: MailAddress[]; contactId?: string };
  /**
   * A widget asks the Tickets widget to pair the ticket with a contact, or unpair it with
   * `contact: null` (C4, C9). Only the tickets widget may call tickets; it answers `contact.paired`.
   */
  'contact.pairRequested': { emailId?: string; ticketId: string; contact: NamedRef | null; company: NamedRef | null };
  /** The ticket's contact changed (C4, C9); the CRM widgets, the Tickets widget and the Email header follow. */
  'contact.paired': { emailId?: string; ticketId: string; contact: NamedRef | null; company: NamedRef | null };
  /**
   * A contact was saved in a widget (C3): widgets showing its name (the Tickets widget's card) show
   * the new one at once; the services' copies follow through the CRM's events.
   */
  'contact.changed': { contact: NamedRef; company: NamedRef | null };
  /** The Tickets widget could not pair as asked (C4): the asking widget stops waiting and tells why. */
  'contact.pairFailed': { ticketId: string; message: string };
}

export type PlatformEventName = keyof PlatformEvents;
