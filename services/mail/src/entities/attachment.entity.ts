import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A file of an email (E11); several attachments may share one blob. */
export const AttachmentEntity = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  properties: {
    id: p.uuid().primary(),
    emailId: p.uuid(),
    blobSha256: p.text(),
    fileName: p.text(),
    contentType: p.text(),
    size: p.bigint('number'),
    inline: p.boolean().default(false),
    contentId: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export type AttachmentRecord = InferEntity<typeof AttachmentEntity>;
