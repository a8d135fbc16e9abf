import { Migration } from '@mikro-orm/migrations';

/**
 * The SLA plans a company's `sla_ref` names (C7), with the plans every installation starts with.
 * They are settings, so the migration writes them once; an installation changes them in place.
 */
export class SlaPlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "crm"."sla" (
      "ref" text primary key check ("ref" ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
      "name_cs" text not null,
      "name_en" text not null,
      "first_response_minutes" integer not null check ("first_response_minutes" > 0),
      "resolution_hours" integer not null check ("resolution_hours" > 0),
      "coverage" text not null check ("coverage" in ('business-hours', 'always')),
      "channels" text[] not null
    )`);
    this.addSql(`insert into "crm"."sla" values
      ('standard', 'Standard', 'Standard', 480, 120, 'business-hours', '{email}'),
      ('gold', 'Zlatá', 'Gold', 120, 48, 'business-hours', '{email,phone}'),
      ('platinum', 'Platinová', 'Platinum', 30, 24, 'always', '{email,phone,chat}')`);
  }
}
