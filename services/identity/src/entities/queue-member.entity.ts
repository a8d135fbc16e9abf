import { defineEntity, p } from '@mikro-orm/core';
import { EmailQueueEntity } from './email-queue.entity';
import { UserEntity } from './user.entity';

/** A user may send through a queue only when they are a member (M2). */
export const QueueMemberEntity = defineEntity({
  name: 'QueueMember',
  tableName: 'queue_members',
  properties: {
    queue: p.manyToOne(EmailQueueEntity).primary().deleteRule('cascade'),
    user: p.manyToOne(UserEntity).primary().deleteRule('cascade'),
  },
});
