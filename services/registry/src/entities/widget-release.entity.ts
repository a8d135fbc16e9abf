import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Canary } from '@switchboard/contracts';

/** What one widget serves in one environment: the active version, earlier ones, a canary. */
export const WidgetReleaseEntity = defineEntity({
  name: 'WidgetRelease',
  tableName: 'widget_release',
  properties: {
    name: p.text().primary(),
    environment: p.text().primary(),
    activeVersion: p.text().nullable(),
    /** Earlier active versions, newest first. */
    history: p.array().default([]),
    canary: p.json<Canary>().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

/** A widget_release row. */
export type WidgetReleaseRecord = InferEntity<typeof WidgetReleaseEntity>;
