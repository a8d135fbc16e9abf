import { TabStore } from './navigation/tab-store';
import { IdentityClient } from './session/identity-client';
import { TicketsClient } from './session/tickets-client';
import { TokenBroker } from './session/token-broker';
import { initFederation } from './widgets/federation';
import { WidgetLoader } from './widgets/widget-loader';

/** The shell's clients and stores, made once at start and handed to its elements. */
export interface ShellServices {
  /** Session, settings and layouts (cookie). */
  identity: IdentityClient;
  /** The shell's own tickets calls (home list, email context, ticket page). */
  tickets: TicketsClient;
  /** Tokens per service audience. */
  tokens: TokenBroker;
  /** The open tabs of the static panel. */
  tabs: TabStore;
  /** Runtime widget loading. */
  widgets: WidgetLoader;
}

/** Creates the services; `onUnauthorized` runs when the session turns out to be gone. */
export function createShellServices(options: { onUnauthorized: () => void }): ShellServices {
  const tokens = new TokenBroker({ onUnauthorized: options.onUnauthorized });
  return {
    identity: new IdentityClient(),
    tickets: new TicketsClient(tokens),
    tokens,
    tabs: new TabStore(sessionStorage),
    widgets: new WidgetLoader({ federation: initFederation() }),
  };
}
