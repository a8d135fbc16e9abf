import { CrmClient } from './crm/crm-client';
import { DevMailClient } from './mail/dev-mail-client';
import { MailClient } from './mail/mail-client';
import { PostponedEmails } from './mail/postponed-emails';
import { TabStore } from './navigation/tab-store';
import { IdentityClient } from './session/identity-client';
import { RegistryClient } from './session/registry-client';
import { TicketsClient } from './session/tickets-client';
import { TokenBroker } from './session/token-broker';
import { initFederation } from './widgets/federation';
import { WidgetLoader } from './widgets/widget-loader';
import { WidgetOverrides } from './widgets/widget-overrides';

/** The shell's clients and stores, made once at start and handed to its elements. */
export interface ShellServices {
  /** Session and settings (cookie). */
  identity: IdentityClient;
  /** The shell's own tickets calls (home list, email context, ticket page). */
  tickets: TicketsClient;
  /** The CRM module pages' calls (contact, company, customer journey). */
  crm: CrmClient;
  /** Tokens per service audience. */
  tokens: TokenBroker;
  /** The open tabs of the static panel. */
  tabs: TabStore;
  /** Runtime widget loading. */
  widgets: WidgetLoader;
  /** The widget registry: page compositions, layout edits, load failure reports. */
  registry: RegistryClient;
  /** This browser's dev overrides of widgets (docs/integrators.md). */
  overrides: WidgetOverrides;
  /** The shell's own mail calls (New email). */
  mail: MailClient;
  /** The agent's postponed emails (E8), shared by the panel and refreshed on changes. */
  postponed: PostponedEmails;
  /** The dev mail sink of `npm start`, when it runs. */
  devMail: DevMailClient;
}

/** Creates the services; `onUnauthorized` runs when the session turns out to be gone. */
export function createShellServices(options: { onUnauthorized: () => void }): ShellServices {
  const tokens = new TokenBroker({ onUnauthorized: options.onUnauthorized });
  const mail = new MailClient(tokens);
  return {
    identity: new IdentityClient(),
    tickets: new TicketsClient(tokens),
    crm: new CrmClient(tokens),
    tokens,
    tabs: new TabStore(sessionStorage),
    widgets: new WidgetLoader({ federation: initFederation() }),
    registry: new RegistryClient(tokens),
    overrides: new WidgetOverrides(localStorage),
    mail,
    postponed: new PostponedEmails(mail),
    devMail: new DevMailClient(tokens),
  };
}
