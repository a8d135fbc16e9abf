import type { MigrationEntry } from '@switchboard/service-kit';
import { CreateRegistry } from './create-registry.migration';

/** Migrations of the registry schema, in the order they apply. Never edit one that shipped. */
export const registryMigrations: MigrationEntry[] = [{ name: '0001-create-registry', class: CreateRegistry }];
