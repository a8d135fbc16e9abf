import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { LayoutItem, LayoutPage } from '@switchboard/contracts';

/**
 * The ordered widgets of a page for one user, one team, or everyone (both owners null).
 * Partial unique indexes keep one row per (page, user), per (page, team) and one default per page.
 */
export const LayoutEntity = defineEntity({
  name: 'Layout',
  tableName: 'layout',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    page: p.text().$type<LayoutPage>(),
    userId: p.uuid().nullable(),
    teamId: p.uuid().nullable(),
    items: p.json<LayoutItem[]>(),
    version: p.integer().default(1),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

/** A layout row. */
export type LayoutRecord = InferEntity<typeof LayoutEntity>;
