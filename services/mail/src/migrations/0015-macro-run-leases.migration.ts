import { Migration } from '@mikro-orm/migrations';

/**
 * Macros run in batches straight from the database (decision 0013): a runner leases the sent
 * emails' runs it takes (`lease_token`, renewed while it works, until `lease_until`), so no other
 * runner takes them meanwhile, and a run whose runner died is taken again once its lease ends.
 * `attempts` counts the takes: a run whose services keep failing is recorded failed after the
 * last. A run waiting to be tried again keeps `lease_until` (its next try) with no token.
 */
export class MacroRunLeases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mail"."macro_run"
      add column "lease_token" uuid null,
      add column "lease_until" timestamptz null,
      add column "attempts" integer not null default 0`);
  }
}
