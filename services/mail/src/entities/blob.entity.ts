import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Stored bytes, once per content; the blob store keeps them under their sha256. */
export const BlobEntity = defineEntity({
  name: 'Blob',
  tableName: 'blob',
  properties: {
    sha256: p.text().primary(),
    size: p.bigint('number'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export type BlobRecord = InferEntity<typeof BlobEntity>;
