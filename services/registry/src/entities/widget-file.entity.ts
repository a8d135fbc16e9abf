import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One file of an uploaded build: its path under dist/ and the blob holding its bytes. */
export const WidgetFileEntity = defineEntity({
  name: 'WidgetFile',
  tableName: 'widget_file',
  properties: {
    name: p.text().primary(),
    version: p.text().primary(),
    path: p.text().primary(),
    sha256: p.text(),
    size: p.bigint('number'),
  },
});

/** A widget_file row. */
export type WidgetFileRecord = InferEntity<typeof WidgetFileEntity>;
