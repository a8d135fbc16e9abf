import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { LayoutEntry, LayoutPage } from '@switchboard/contracts';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

/** A placed widget as stored: the manifest URL is resolved when the layout is read. */
export type StoredLayoutWidget = Omit<LayoutEntry, 'manifestUrl'>;

/**
 * The ordered widgets of a page for one user, one team, or everyone (both owners null).
 * Unique per (page, user, team), nulls not distinct, so there is one default per page.
 */
export const LayoutEntity = defineEntity({
  name: 'Layout',
  tableName: 'layouts',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    page: p.string().$type<LayoutPage>(),
    user: p.manyToOne(UserEntity).nullable().deleteRule('cascade'),
    team: p.manyToOne(TeamEntity).nullable().deleteRule('cascade'),
    widgets: p.json<StoredLayoutWidget[]>(),
    version: p.integer().default(1),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
/** A row of `identity.layouts`. */
export type LayoutRow = InferEntity<typeof LayoutEntity>;
