import {
  widgetAudience,
  WidgetTokenErrorCode,
  type ConnectOriginList,
  type Ticket,
  type WidgetTokenRequest,
} from '@switchboard/contracts';
import { AppError, forbidden, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import type { IssuedToken } from './key-store';
import { tokenSubject } from './key-store';

/** Lifetime of a widget token, in seconds: as short as the platform's own. */
const WIDGET_TOKEN_TTL_SECONDS = 5 * 60;

/** Where identity checks a widget token request: the registry's approvals and the tickets service. */
export interface WidgetTokenSources {
  /** Base URL of the registry (its public `/connect-origins`). */
  registryUrl: string;
  /** Base URL of the tickets service (`GET /tickets/:id` as the user). */
  ticketsUrl: string;
}

const unavailable = (what: string) => new AppError(503, 'DEPENDENCY_UNAVAILABLE', `${what} is not answering; try again shortly`);

/**
 * Issues tokens for widgets' own backends: only for a widget whose served version has approved
 * `connect` origins, and only about a ticket the user may read (the tickets service decides,
 * asked with a token of the user's own). The contact is the ticket's, never the caller's word.
 */
export function createWidgetTokenIssuer(app: FastifyInstance, sources: WidgetTokenSources | undefined) {
  const getJson = async <T>(url: string, what: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T | null }> => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(5000) });
      return { status: response.status, body: response.ok ? ((await response.json()) as T) : null };
    } catch {
      throw unavailable(what);
    }
  };

  return async (caller: Caller, { widget, ticketId }: WidgetTokenRequest): Promise<IssuedToken> => {
    if (!sources) throw unavailable('The registry');
    const user = await app.usersRepository.me(caller);
    const approvals = await getJson<ConnectOriginList>(`${sources.registryUrl}/connect-origins`, 'The registry');
    if (!approvals.body) throw unavailable('The registry');
    if (!approvals.body.widgets.some((w) => w.name === widget && w.origins.length > 0)) {
      throw forbidden(`Widget ${widget} has no approved backend (connect) to get a token for`, WidgetTokenErrorCode.widgetNotApproved);
    }
    let claims: Record<string, unknown> = {};
    if (ticketId) {
      const asUser = await app.signingKeys.sign(tokenSubject(user), { audience: 'tickets', ttlSeconds: 60 });
      const read = await getJson<Ticket>(`${sources.ticketsUrl}/tickets/${ticketId}`, 'The tickets service', {
        authorization: `Bearer ${asUser.token}`,
      });
      if (read.status === 403 || read.status === 404) {
        throw forbidden(`Ticket ${ticketId} is not one you may read`, WidgetTokenErrorCode.ticketNotAccessible);
      }
      if (!read.body) throw unavailable('The tickets service');
      const { id, number, contactId } = read.body;
      claims = { ticket: { id, number }, ...(contactId ? { contact: contactId } : {}) };
    }
    return app.signingKeys.sign(tokenSubject(user), { audience: widgetAudience(widget), ttlSeconds: WIDGET_TOKEN_TTL_SECONDS, claims });
  };
}
