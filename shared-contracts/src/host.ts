import type { PlatformEventName, PlatformEvents } from './events';
import type { ServiceAudience } from './identity';
import type { WidgetAudience } from './widget-token';

/**
 * Version of the contract between the shell and a widget. The shell refuses a widget whose
 * manifest names another major version.
 */
export const HOST_CONTRACT_VERSION = '1.0.0';

export type Locale = 'en' | 'cs';

/** The ticket the email belongs to, as far as the page needs it. */
export interface TicketRef {
  id: string;
  number: number;
  title: string;
}

/** The customer a widget greets: the ticket's contact, as CRM has it. */
export interface ContactGreeting {
  name: string;
  /** The contact's primary email address, when it has one. */
  email?: string;
}

/** What a widget knows about where it is mounted. */
export interface WidgetContext {
  user: { id: string; name: string; locale: Locale };
  /** The page being shown, e.g. `email-detail`. */
  page: string;
  emailId?: string;
  /** Set once the email is assigned to a ticket (K1, E1). */
  ticket?: TicketRef;
  contactId?: string;
  /**
   * Name and email of `contactId`, once the page loaded them from CRM: they arrive after the
   * ticket, with a `context.changed`, and are absent when CRM does not answer.
   */
  contact?: ContactGreeting;
  companyId?: string;
}

/** A tab in the shell's static panel. */
export interface TabRequest {
  /** Shell route, e.g. `/tickets/<id>`. */
  path: string;
  title: string;
  /** Open it behind the current tab instead of switching to it (C5: the CRM module in the background). */
  background?: boolean;
}

/** The API the shell hands each widget (contract v1). */
export interface HostApi {
  /** Contract version the shell implements. */
  readonly contractVersion: string;
  /** Current context; changes arrive as `context.changed`. */
  context(): WidgetContext;
  /** Base URL of the widget's own service, e.g. `/api/tickets`. */
  readonly serviceUrl: string;
  /** Base URL of each service the manifest declares, e.g. `{ mail: '/api/mail', templates: '/api/templates' }`. */
  readonly serviceUrls?: Readonly<Partial<Record<ServiceAudience, string>>>;
  /**
   * A short-lived token for `audience` (default: the widget's own service); refused for an
   * audience the manifest does not declare in `service` or `services`. `widget:<its own name>`
   * gives a token for the widget's own backend (its approved `connect` origins) about the
   * context's ticket; another widget's audience is refused.
   */
  getToken(audience?: ServiceAudience | WidgetAudience): Promise<string>;
  /** Opens a shell route in a new tab of the static panel (a tab back returns here). */
  openTab(tab: TabRequest): void;
  /** Navigates the current tab to a shell route. */
  navigate(path: string): void;
  /** Emits a platform event to the other widgets and the shell. */
  emit<K extends PlatformEventName>(type: K, payload: PlatformEvents[K]): void;
  /** Subscribes to a platform event; returns the unsubscribe function. */
  on<K extends PlatformEventName>(type: K, handler: (payload: PlatformEvents[K]) => void): () => void;
}

/** Custom props a widget's single-spa parcel receives from the shell. */
export interface WidgetParcelProps {
  host: HostApi;
  /** Per-instance settings from the layout. */
  settings: Record<string, unknown>;
}

/** True when a widget built against `widgetContract` can run in a shell implementing `hostContract`. */
export function isContractCompatible(widgetContract: string, hostContract = HOST_CONTRACT_VERSION): boolean {
  const major = (v: string) => v.split('.')[0];
  return major(widgetContract) === major(hostContract);
}
