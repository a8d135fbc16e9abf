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
  /**
   * An email changed state: saved as postponed or resumed (E8), discarded (E6, status
   * `discarded`), or queued, sent or failed (E7). The shell refreshes its lists of activities.
   */
  'email.changed': { emailId: string; status: string; postponed: boolean };
  /** A widget asks the Email widget to insert text at the cursor of the reply being written. */
  'composer.insertText': { text: string };
}

export type PlatformEventName = keyof PlatformEvents;
