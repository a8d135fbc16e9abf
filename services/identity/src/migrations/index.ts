import type { MigrationEntry } from '@switchboard/service-kit';
import { InitialSchema } from './0001-initial-schema.migration';
import { DropLayouts } from './0002-drop-layouts.migration';

/** Migrations of the identity schema, in the order they apply. Never edit one that shipped. */
export const identityMigrations: MigrationEntry[] = [
  { name: '0001-initial-schema', class: InitialSchema },
  { name: '0002-drop-layouts', class: DropLayouts },
];
