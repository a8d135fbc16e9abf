import type { LayoutPage, TicketRef, User } from '@switchboard/contracts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { followEmailChanges } from '../mail/postponed-emails';
import { navigate } from '../navigation/navigate';
import { emailPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { EventBus } from './event-bus';
import { createFrameRuntime, type WidgetFrameRuntime } from './frame-runtime';
import { PageContext } from './page-context';

/** What the page tells its session, read at every update. */
export interface PageSessionInputs {
  emailId: string;
  user?: User;
  services?: ShellServices;
}

/** Options of a page session. */
export interface PageSessionOptions {
  /** The page whose layout the widgets come from. */
  page: LayoutPage;
  /** The page's current inputs. */
  inputs(): PageSessionInputs;
  /** Moves the browser to a shell path (tests replace it). */
  navigate?(path: string): void;
}

/**
 * The shared state of one email page's widgets: one event bus, one context (the agent, the
 * email, and its ticket once loaded), and the runtime every frame mounts with. It starts once
 * the page knows the email, the agent and the services, follows the agent's language, and is
 * dropped with the page.
 */
export class PageSession implements ReactiveController {
  private readonly bus = new EventBus();
  private context?: PageContext;
  private _runtime?: WidgetFrameRuntime;
  private _ticketFailed = false;
  private _subject?: string;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: PageSessionOptions,
  ) {
    host.addController(this);
  }

  /** The runtime of the page's frames, once the session started. */
  get runtime(): WidgetFrameRuntime | undefined {
    return this._runtime;
  }

  /** The email's ticket, once known. */
  get ticket(): TicketRef | undefined {
    return this.context?.get().ticket;
  }

  /** The email's subject ('' for none) once the Email widget told it (`email.topic`); undefined before. */
  get subject(): string | undefined {
    return this._subject;
  }

  /** True when the email's ticket could not be loaded (the widgets go on without it). */
  get ticketFailed(): boolean {
    return this._ticketFailed;
  }

  hostUpdate(): void {
    const { emailId, user, services } = this.options.inputs();
    if (!this.context && user && services && emailId) this.start(emailId, user, services);
    if (user) this.context?.setLocale(user.locale);
  }

  hostDisconnected(): void {
    this.context?.dispose();
    this.bus.clear();
  }

  private start(emailId: string, user: User, services: ShellServices): void {
    const context = new PageContext(this.bus, {
      user: { id: user.id, name: user.name, locale: user.locale },
      page: this.options.page,
      emailId,
    });
    this.context = context;
    this.bus.on('context.changed', () => this.host.requestUpdate());
    this.bus.on('email.topic', ({ emailId: topicOf, subject }) => {
      if (topicOf !== emailId || subject === this._subject) return;
      this._subject = subject;
      this.host.requestUpdate();
    });
    followEmailChanges(this.bus, services.postponed);
    this.followContact(context, services.crm);
    const ready = services.tickets
      .emailTicket(emailId)
      .then((link) => {
        if (!link) return;
        context.setTicket(link.ticket, link.ticket.contactId ?? undefined, link.ticket.companyId ?? undefined);
        // The assignee opening a customer's email reads it (issue 13); the page does not wait for that.
        if (link.ticket.assigneeId === user.id) {
          services.tickets.markEmailRead(emailId).catch((error: unknown) => console.error('The email could not be marked read', error));
        }
      })
      .catch((error: unknown) => {
        console.error('The ticket of the email could not be loaded', error);
        this._ticketFailed = true;
        this.host.requestUpdate();
      });
    this._runtime = createFrameRuntime({
      services,
      bus: this.bus,
      context,
      ready,
      here: emailPath(emailId),
      navigate: this.options.navigate ?? navigate,
    });
  }

  /**
   * Loads the name and primary email of the context's contact from CRM whenever the context names
   * a new one, for widgets greeting the customer; the widgets hear them as `context.changed`.
   */
  private followContact(context: PageContext, crm: ShellServices['crm']): void {
    let loading: string | undefined;
    this.bus.on('context.changed', ({ contactId }) => {
      if (!contactId || contactId === loading) return;
      loading = contactId;
      crm.contact(contactId).then(
        (contact) => context.setContact(contactId, { name: contact.name, ...(contact.emails[0] ? { email: contact.emails[0].address } : {}) }),
        (error: unknown) => console.warn('The contact of the ticket could not be loaded', error),
      );
    });
  }
}
