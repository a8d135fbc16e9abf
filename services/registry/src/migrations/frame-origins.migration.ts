import { Migration } from '@mikro-orm/migrations';

/** The sites the Page-in-page widget may show (P1): https origins an admin allowed. */
export class FrameOrigins extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "registry"."frame_origin" (
      "origin" text primary key check (length("origin") between 9 and 253),
      "added_by" text null,
      "added_at" timestamptz not null default now()
    )`);
  }
}
