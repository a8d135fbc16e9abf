import type { MigrationEntry } from '@switchboard/service-kit';
import { CrmServiceEvents } from './0002-service-events.migration';
import { CalendarEventKey } from './0003-calendar-event-key.migration';
import { SlaPlans } from './0004-sla-plans.migration';
import { CreateCrm } from './create-crm.migration';

/** Migrations of the crm schema, in the order they apply. Never edit one that shipped. */
export const crmMigrations: MigrationEntry[] = [
  { name: '0001-create-crm', class: CreateCrm },
  { name: '0002-service-events', class: CrmServiceEvents },
  { name: '0003-calendar-event-key', class: CalendarEventKey },
  { name: '0004-sla-plans', class: SlaPlans },
];
