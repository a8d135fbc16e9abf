import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { PublicJwk } from '@switchboard/contracts';

/**
 * A token signing key pair. Kept in the database so restarts and replicas sign with the same
 * key; at most one is active (partial unique index), older ones stay in the JWKS.
 */
export const SigningKeyEntity = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    kid: p.string().primary(),
    publicJwk: p.json<PublicJwk>(),
    /** PKCS#8 PEM of the Ed25519 private key. */
    privateKey: p.text().hidden(),
    active: p.boolean(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
/** A row of `identity.signing_keys`. */
export type SigningKeyRow = InferEntity<typeof SigningKeyEntity>;
