import { Type, type Static } from '@sinclair/typebox';
import { UuidSchema } from './common';
import { TokenResponseSchema } from './identity';
import { defineRoute } from './route';

/**
 * A token for a widget's own backend (issue 16): audience `widget:<name>`, signed by identity,
 * verifiable with its JWKS, naming the agent and the ticket and contact the widget shows. Only a
 * widget whose active version has approved `connect` origins gets one.
 */

/** The audience of a widget's own backend, e.g. `widget:order-lookup`. */
export type WidgetAudience = `widget:${string}`;
export const widgetAudience = (widget: string): WidgetAudience => `widget:${widget}`;

/** POST /widget-token: the session's user asks for a token for a widget's backend about one ticket. */
export const WidgetTokenRequestSchema = Type.Object(
  {
    widget: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }),
    /** The ticket of the page's context: the user must be allowed to read it. */
    ticketId: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
);
export type WidgetTokenRequest = Static<typeof WidgetTokenRequestSchema>;

/** Claims of a widget token, as an integrator's backend reads them after verifying it. */
export interface WidgetTokenClaims {
  /** The agent's user id. */
  sub: string;
  aud: WidgetAudience;
  /** Always `switchboard-identity`. */
  iss: string;
  /** The agent's teams. */
  teams: string[];
  /** The ticket of the context, when the page has one. */
  ticket?: { id: string; number: number };
  /** The ticket's contact, when it has one. */
  contact?: string;
  exp: number;
  iat: number;
}

export const WidgetTokenErrorCode = {
  /** The widget's active version has no approved `connect` origin: it has no backend to call. */
  widgetNotApproved: 'WIDGET_NOT_APPROVED',
  /** The ticket does not exist or the user may not read it. */
  ticketNotAccessible: 'TICKET_NOT_ACCESSIBLE',
} as const;

/** Identity's route of widget tokens. */
export const widgetTokenApi = {
  issueWidgetToken: defineRoute({
    method: 'POST', path: '/widget-token', summary: "A 5-minute token for a widget's own backend", tags: ['tokens'],
    body: WidgetTokenRequestSchema, response: TokenResponseSchema,
    errors: [WidgetTokenErrorCode.widgetNotApproved, WidgetTokenErrorCode.ticketNotAccessible],
  }),
} as const;
