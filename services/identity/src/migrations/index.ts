import type { MigrationEntry } from '@switchboard/service-kit';
import { InitialSchema } from './0001-initial-schema.migration';
import { DropLayouts } from './0002-drop-layouts.migration';
import { Sessions } from './0003-sessions.migration';
import { KbEditorRole } from './0004-kb-editor-role.migration';

/** Migrations of the identity schema, in the order they apply. Never edit one that shipped. */
export const identityMigrations: MigrationEntry[] = [
  { name: '0001-initial-schema', class: InitialSchema },
  { name: '0002-drop-layouts', class: DropLayouts },
  { name: '0003-sessions', class: Sessions },
  { name: '0004-kb-editor-role', class: KbEditorRole },
];
