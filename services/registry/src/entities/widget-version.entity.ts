import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { WidgetManifest } from '@switchboard/contracts';

/**
 * One immutable published build. Uploads keep `entryPath` (the remote entry among the stored
 * files; its URL follows the registry's current asset base URL), registered URLs keep `entryUrl`.
 */
export const WidgetVersionEntity = defineEntity({
  name: 'WidgetVersion',
  tableName: 'widget_version',
  properties: {
    name: p.text().primary(),
    version: p.text().primary(),
    manifest: p.json<WidgetManifest>(),
    source: p.enum(['upload', 'url'] as const),
    entryPath: p.text().nullable(),
    entryUrl: p.text().nullable(),
    integrity: p.text(),
    publishedAt: p.datetime().defaultRaw('now()'),
    publishedBy: p.text(),
    failureCount: p.integer().default(0),
    failureLastReason: p.text().nullable(),
    failureLastAt: p.datetime().nullable(),
    /** The origins of `manifest.connect` an admin approved. */
    approvedConnect: p.json<string[]>().defaultRaw("'[]'::jsonb"),
    connectApprovedBy: p.text().nullable(),
    connectApprovedAt: p.datetime().nullable(),
  },
});

/** A widget_version row. */
export type WidgetVersionRecord = InferEntity<typeof WidgetVersionEntity>;
