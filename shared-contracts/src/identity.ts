import { Type, type Static } from '@sinclair/typebox';
import { LocaleSchema, UuidSchema } from './common';
import { defineRoute } from './route';

/** The audiences (services) a token can be issued for. Each token is good for exactly one. */
export const ServiceAudience = ['identity', 'tickets', 'mail', 'crm', 'templates', 'kb', 'registry'] as const;
export type ServiceAudience = (typeof ServiceAudience)[number];
export const ServiceAudienceSchema = Type.Union(ServiceAudience.map((a) => Type.Literal(a)));

/** `kb-editor`: an agent who also writes and publishes knowledge-base articles (A1, A2). */
export const RoleSchema = Type.Union([Type.Literal('agent'), Type.Literal('kb-editor'), Type.Literal('admin'), Type.Literal('service')]);
export type Role = Static<typeof RoleSchema>;

/** Claims of an access token, as every service reads them after verification. */
export interface AccessTokenClaims {
  /** User id (or `service:<name>` for service tokens). */
  sub: string;
  /** The one service this token is for. */
  aud: ServiceAudience;
  /** Issuer, always `switchboard-identity`. */
  iss: string;
  role: Role;
  /** Ids of the email queues the user belongs to. */
  queues: string[];
  /** Ids of the user's teams. */
  teams: string[];
  exp: number;
  iat: number;
  /** Session id, on session tokens (audience `identity`) only: checked against the live sessions on every use. */
  sid?: string;
}

/** Issuer claim of every token. */
export const TOKEN_ISSUER = 'switchboard-identity';

export const LoginBodySchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBodySchema>;

/** A team of agents; the registry may give it its own page layout. */
export const TeamSchema = Type.Object({ id: UuidSchema, name: Type.String() });
export type Team = Static<typeof TeamSchema>;

/** GET /teams: every team, by name (for admins placing widgets on a team's layout). */
export const TeamListSchema = Type.Object({ items: Type.Array(TeamSchema) });
export type TeamList = Static<typeof TeamListSchema>;

export const UserSchema = Type.Object({
  id: UuidSchema,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  locale: LocaleSchema,
  teams: Type.Array(TeamSchema),
  queues: Type.Array(Type.Object({ id: UuidSchema, name: Type.String(), fromAddress: Type.String() })),
});
export type User = Static<typeof UserSchema>;

export const TokenRequestSchema = Type.Object(
  { audience: ServiceAudienceSchema },
  { additionalProperties: false },
);
export type TokenRequest = Static<typeof TokenRequestSchema>;

export const TokenResponseSchema = Type.Object({
  token: Type.String(),
  /** Seconds since the epoch when the token expires. */
  expiresAt: Type.Integer(),
});
export type TokenResponse = Static<typeof TokenResponseSchema>;

export const UserSettingsPatchSchema = Type.Object(
  { locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);
export type UserSettingsPatch = Static<typeof UserSettingsPatchSchema>;

/** POST /logout takes an empty JSON object: a cross-site form cannot send one (CSRF defence). */
export const LogoutBodySchema = Type.Object({}, { additionalProperties: false });
export type LogoutBody = Static<typeof LogoutBodySchema>;

export const UserIdParamsSchema = Type.Object({ userId: UuidSchema });
export type UserIdParams = Static<typeof UserIdParamsSchema>;

/** Name of the httpOnly cookie holding the session token (audience `identity`). */
export const SESSION_COOKIE = 'sb_session';

/** Error codes of the identity service. */
export const IdentityErrorCode = {
  /** Wrong email or wrong password: one code for both, so accounts cannot be probed. */
  invalidCredentials: 'INVALID_CREDENTIALS',
  /** A token was asked for an audience that is not handed out (the session's own). */
  audienceNotAllowed: 'AUDIENCE_NOT_ALLOWED',
  /** Too many failed logins for the account or from the address: 429 with `Retry-After`. */
  tooManyLoginAttempts: 'TOO_MANY_LOGIN_ATTEMPTS',
} as const;

/** One public verification key in the JWKS (Ed25519, RFC 8037). */
export const PublicJwkSchema = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig'),
});
export type PublicJwk = Static<typeof PublicJwkSchema>;

/** GET /.well-known/jwks.json: the keys every service verifies tokens with. */
export const JwksSchema = Type.Object({ keys: Type.Array(PublicJwkSchema) });
export type Jwks = Static<typeof JwksSchema>;

/**
 * POST /service-token: a service (e.g. mail) asks for a token to call another service as
 * itself. `secret` is the service's client secret, configured on identity as SERVICE_SECRETS.
 */
export const ServiceTokenRequestSchema = Type.Object(
  {
    service: Type.String({ pattern: '^[a-z][a-z0-9-]{0,30}$' }),
    secret: Type.String({ minLength: 16, maxLength: 200 }),
    audience: ServiceAudienceSchema,
  },
  { additionalProperties: false },
);
export type ServiceTokenRequest = Static<typeof ServiceTokenRequestSchema>;

const sessionTags = ['session'];
const tokenTags = ['tokens'];

/**
 * The identity service's routes, each defined once for the service and its clients. The session
 * routes read the httpOnly `sb_session` cookie (or the same token as a bearer).
 */
export const identityApi = {
  /** Sets the session cookie. */
  login: defineRoute({
    method: 'POST', path: '/login', summary: 'Log in with email and password; sets the session cookie', tags: sessionTags,
    body: LoginBodySchema, response: UserSchema,
    errors: [IdentityErrorCode.invalidCredentials, IdentityErrorCode.tooManyLoginAttempts], public: true,
  }),
  /** Ends the session the cookie (or bearer) names and expires the cookie; needs no live session. */
  logout: defineRoute({
    method: 'POST', path: '/logout', summary: 'End the session and clear the session cookie', tags: sessionTags,
    body: LogoutBodySchema, status: 204, response: null, errors: [], public: true,
  }),
  /** An admin's "sign out everywhere": every session of the user ends at once. */
  revokeUserSessions: defineRoute({
    method: 'DELETE', path: '/users/:userId/sessions', summary: 'End every session of a user (admin)', tags: sessionTags,
    params: UserIdParamsSchema, status: 204, response: null, errors: [],
  }),
  me: defineRoute({
    method: 'GET', path: '/me', summary: 'The logged-in user with teams and email queues', tags: sessionTags,
    response: UserSchema, errors: [],
  }),
  updateSettings: defineRoute({
    method: 'PATCH', path: '/me/settings', summary: "Change the logged-in user's settings (UI language)", tags: sessionTags,
    body: UserSettingsPatchSchema, response: UserSchema, errors: [],
  }),
  /** Every team by name, for an admin (the CLI's `widget place --team <name>`). */
  listTeams: defineRoute({
    method: 'GET', path: '/teams', summary: 'Every team, by name (admin)', tags: sessionTags,
    response: TeamListSchema, errors: [],
  }),
  /** The session traded for a 5-minute token for one service. */
  issueToken: defineRoute({
    method: 'POST', path: '/token', summary: 'A 5-minute token for one service audience', tags: tokenTags,
    body: TokenRequestSchema, response: TokenResponseSchema, errors: [IdentityErrorCode.audienceNotAllowed],
  }),
  /** A service's client secret traded for a 5-minute token to call another service as itself. */
  issueServiceToken: defineRoute({
    method: 'POST', path: '/service-token', summary: 'A 5-minute token for a service calling another service', tags: tokenTags,
    body: ServiceTokenRequestSchema, response: TokenResponseSchema, errors: [IdentityErrorCode.audienceNotAllowed], public: true,
  }),
  jwks: defineRoute({
    method: 'GET', path: '/.well-known/jwks.json', summary: 'Token verification keys (JWKS)', tags: tokenTags,
    response: JwksSchema, errors: [], public: true,
  }),
} as const;
