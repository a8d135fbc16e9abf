import { EmailQueueEntity } from './email-queue.entity';
import { QueueMemberEntity } from './queue-member.entity';
import { SessionEntity } from './session.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { TeamMemberEntity } from './team-member.entity';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

export { EmailQueueEntity } from './email-queue.entity';
export { QueueMemberEntity } from './queue-member.entity';
export { SessionEntity, type SessionRow } from './session.entity';
export { SigningKeyEntity, type SigningKeyRow } from './signing-key.entity';
export { TeamMemberEntity } from './team-member.entity';
export { TeamEntity } from './team.entity';
export { UserEntity, type UserRow } from './user.entity';

/** Every entity of the identity schema, for the ORM. */
export const identityEntities = [
  UserEntity,
  TeamEntity,
  TeamMemberEntity,
  EmailQueueEntity,
  QueueMemberEntity,
  SigningKeyEntity,
  SessionEntity,
];
