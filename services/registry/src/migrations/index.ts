import type { MigrationEntry } from '@switchboard/service-kit';
import { CreateRegistry } from './create-registry.migration';
import { ConnectApproval } from './connect-approval.migration';
import { FrameOrigins } from './frame-origins.migration';

/** Migrations of the registry schema, in the order they apply. Never edit one that shipped. */
export const registryMigrations: MigrationEntry[] = [
  { name: '0001-create-registry', class: CreateRegistry },
  { name: '0002-frame-origins', class: FrameOrigins },
  { name: '0003-connect-approval', class: ConnectApproval },
];
