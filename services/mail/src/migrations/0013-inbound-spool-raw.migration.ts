import { Migration } from '@mikro-orm/migrations';

/**
 * A small spooled message keeps its raw bytes in its spool row (issue 13): the SMTP listener
 * answers 250 after one insert, with no blob put first; the recorder puts the bytes into the
 * blob store in its batch. Such a row names a blob that is not stored yet, so `raw_sha256` no
 * longer references `mail.blob`; a row without bytes still has its `mail.blob` row, added in
 * the spooling transaction.
 */
export class InboundSpoolRaw extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."inbound_spool" add column "raw" bytea null, drop constraint "inbound_spool_raw_sha256_fkey"');
  }
}
