import type { ContactGreeting, Locale, PlatformEvents, TicketRef, WidgetContext } from '@switchboard/contracts';
import type { EventBus } from './event-bus';

/** A deep copy of plain context data (JSON by contract). */
const copy = (context: WidgetContext): WidgetContext => JSON.parse(JSON.stringify(context)) as WidgetContext;

/**
 * The context of one page, shared by all its widgets. When a widget assigns the page's email to
 * a ticket, the context follows and every widget hears `context.changed`.
 */
export class PageContext {
  private current: WidgetContext;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: EventBus,
    initial: WidgetContext,
  ) {
    this.current = copy(initial);
    this.unsubscribe = bus.on('ticket.assigned', (payload) => this.onAssigned(payload));
  }

  /** A copy of the current context, so no widget can change what the others see. */
  get(): WidgetContext {
    return copy(this.current);
  }

  /** Sets the ticket the email belongs to (or none) and announces the change; the contact's name stays while the contact does. */
  setTicket(ticket: TicketRef | undefined, contactId?: string, companyId?: string): void {
    const { ticket: _t, contactId: previousContactId, contact, companyId: _co, ...rest } = this.current;
    this.current = {
      ...rest,
      ...(ticket ? { ticket: { id: ticket.id, number: ticket.number, title: ticket.title } } : {}),
      ...(contactId ? { contactId } : {}),
      ...(contactId && contactId === previousContactId && contact ? { contact } : {}),
      ...(companyId ? { companyId } : {}),
    };
    this.bus.emit('context.changed', this.get());
  }

  /** Sets the name and email of contact `contactId` and announces them; ignored once the context names another contact. */
  setContact(contactId: string, contact: ContactGreeting): void {
    if (this.current.contactId !== contactId) return;
    this.current = { ...this.current, contact: { name: contact.name, ...(contact.email ? { email: contact.email } : {}) } };
    this.bus.emit('context.changed', this.get());
  }

  /** Switches the agent's language and announces it. */
  setLocale(locale: Locale): void {
    if (this.current.user.locale === locale) return;
    this.current = { ...this.current, user: { ...this.current.user, locale } };
    this.bus.emit('locale.changed', { locale });
  }

  /** Stops following the bus. */
  dispose(): void {
    this.unsubscribe();
  }

  private onAssigned(payload: PlatformEvents['ticket.assigned']): void {
    if (payload.emailId !== this.current.emailId) return;
    this.setTicket(payload.ticket, payload.contactId, payload.companyId);
  }
}
