import type { Locale, TicketRef, WidgetContext } from './host';

/** Typed events carried by the host's event bus, by name. */
export interface PlatformEvents {
  /** An email was assigned to a ticket (K1); the Email header follows (E1). */
  'ticket.assigned': { emailId: string; ticket: TicketRef; contactId?: string; companyId?: string };
  /** A ticket was created from a widget (K4). */
  'ticket.created': { ticket: TicketRef };
  /** The agent switched the UI language. */
  'locale.changed': { locale: Locale };
  /** The page context changed, e.g. a ticket was assigned. */
  'context.changed': WidgetContext;
}

export type PlatformEventName = keyof PlatformEvents;
