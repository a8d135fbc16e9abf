import { Migration } from '@mikro-orm/migrations';

/**
 * The origins of a version's `connect` an admin approved (issue 16): only these reach the page's
 * and the sandbox's `connect-src`. Kept on the version row, with who approved them and when.
 */
export class ConnectApproval extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "registry"."widget_version"
      add column "approved_connect" jsonb not null default '[]'::jsonb,
      add column "connect_approved_by" text null,
      add column "connect_approved_at" timestamptz null`);
  }
}
