import { defineEntity, p } from '@mikro-orm/core';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

/** A user's membership in a team. */
export const TeamMemberEntity = defineEntity({
  name: 'TeamMember',
  tableName: 'team_members',
  properties: {
    team: p.manyToOne(TeamEntity).primary().deleteRule('cascade'),
    user: p.manyToOne(UserEntity).primary().deleteRule('cascade'),
  },
});
