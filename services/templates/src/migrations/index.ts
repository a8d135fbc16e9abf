import type { MigrationEntry } from '@switchboard/service-kit';
import { CreateTemplates } from './create-templates.migration';

/** Migrations of the templates schema, in the order they apply. Never edit one that shipped. */
export const templatesMigrations: MigrationEntry[] = [{ name: '0001-create-templates', class: CreateTemplates }];
