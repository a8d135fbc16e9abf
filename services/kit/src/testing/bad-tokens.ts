import { TOKEN_ISSUER, type ServiceAudience } from '@switchboard/contracts';
import { createTestKeys, unsignedToken, type TestKeys } from './keys';

/**
 * The tokens every route of a service must refuse with 401, by name: none, expired, signed by
 * another key pair, unsigned, for other audiences, from another issuer, garbage. `otherService`
 * is a sibling audience a stolen token would most likely be for. Made for `it.each`.
 */
export function badTokens(
  /** The service's keys; read when a token is made (test contexts are created in `beforeAll`). */
  keysOf: () => TestKeys,
  audience: ServiceAudience,
  sub: string,
  otherService: ServiceAudience,
): [string, () => Promise<string | undefined>][] {
  return [
    ['no token', async () => undefined],
    ['an expired token', () => keysOf().sign({ aud: audience, sub }, { issuedAt: 1_000, expiresIn: 2_000 })],
    ['a token signed by another key pair', async () => (await createTestKeys()).sign({ aud: audience, sub })],
    [
      'an unsigned (alg: none) token',
      async () => unsignedToken({ aud: audience, sub, iss: TOKEN_ISSUER, role: 'agent', queues: [], teams: [], iat: 1, exp: 9e9 }),
    ],
    ['a token for another audience', () => keysOf().sign({ aud: 'identity', sub })],
    [`a token for the ${otherService} service`, () => keysOf().sign({ aud: otherService, sub })],
    ['a token from another issuer', () => keysOf().sign({ aud: audience, sub, iss: 'someone-else' })],
    ['garbage', async () => 'not.a.jwt'],
  ];
}
