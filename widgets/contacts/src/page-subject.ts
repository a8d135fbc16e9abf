import type { HostApi, MailAddress, NamedRef, PlatformEvents, WidgetContext } from '@switchboard/contracts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Which customer the page is about, for the CRM widgets (C1): the contact and company of the
 * email's ticket (from the context, then from `contact.paired` as the agent re-pairs it), and
 * the customer's address on the email (`email.participants`, asked for once on connecting, as
 * the Email widget may have loaded the email before this widget mounted).
 */
export class PageSubject implements ReactiveController {
  /** The customer's address; undefined until the Email widget told it. */
  customer?: MailAddress | null;
  private paired?: PlatformEvents['contact.paired'];
  private off: Array<() => void> = [];

  constructor(
    private readonly element: ReactiveControllerHost & { host?: HostApi },
    /** Told when the ticket's contact was (re)paired, e.g. to end a "Pairing…" state. */
    private readonly onPaired?: (payload: PlatformEvents['contact.paired']) => void,
  ) {
    element.addController(this);
  }

  hostConnected(): void {
    const host = this.element.host;
    if (!host) return;
    this.off = [
      host.on('email.participants', (payload) => {
        if (payload.emailId !== host.context().emailId) return;
        this.customer = payload.customer;
        this.element.requestUpdate();
      }),
      host.on('contact.paired', (payload) => {
        this.paired = payload;
        this.onPaired?.(payload);
        this.element.requestUpdate();
      }),
    ];
    const emailId = host.context().emailId;
    if (emailId) host.emit('email.participantsRequested', { emailId });
  }

  hostDisconnected(): void {
    for (const off of this.off) off();
    this.off = [];
  }

  /** The latest pairing of the context's ticket, if the agent changed it on this page. */
  private pairing(context: WidgetContext): PlatformEvents['contact.paired'] | undefined {
    return context.ticket && this.paired?.ticketId === context.ticket.id ? this.paired : undefined;
  }

  /** The ticket's contact: as re-paired here, else the context's. */
  contactOf(context: WidgetContext): NamedRef | { id: string; name?: undefined } | null {
    const pairing = this.pairing(context);
    if (pairing) return pairing.contact;
    return context.contactId ? { id: context.contactId } : null;
  }

  /** The ticket's company: as re-paired here, else the context's. */
  companyIdOf(context: WidgetContext): string | null {
    const pairing = this.pairing(context);
    if (pairing) return pairing.company?.id ?? null;
    return context.companyId ?? null;
  }
}
