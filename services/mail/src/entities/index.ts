import { AttachmentEntity } from './attachment.entity';
import { BlobEntity } from './blob.entity';
import { EmailEntity } from './email.entity';
import { InboundMessageEntity } from './inbound-message.entity';
import { OutboxEntity } from './outbox.entity';
import { QueueEntity } from './queue.entity';

export { AttachmentEntity, type AttachmentRecord } from './attachment.entity';
export { BlobEntity, type BlobRecord } from './blob.entity';
export { EmailEntity, type EmailRecord } from './email.entity';
export { InboundMessageEntity, type InboundMessageRecord } from './inbound-message.entity';
export { OutboxEntity, type OutboxRecord } from './outbox.entity';
export { QueueEntity, type QueueRecord } from './queue.entity';

/** Every entity of the mail schema, for the ORM options. */
export const mailEntities = [QueueEntity, EmailEntity, AttachmentEntity, BlobEntity, OutboxEntity, InboundMessageEntity];
