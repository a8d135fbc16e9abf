import { Migration } from '@mikro-orm/migrations';

/**
 * A small received message keeps its raw bytes in its `mail.inbound_message` row (issue 13): the
 * spool's recorder copies them from the spool row in the statement that inserts the record, so
 * no blob file is written, locked or checked for it. Such a row names a blob that is not stored,
 * so `raw_sha256` (the digest, kept for the dedup key and the admin's view) no longer
 * references `mail.blob`; a row without bytes names a stored blob, as before.
 */
export class InboundMessageRaw extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."inbound_message" add column "raw" bytea null, drop constraint "inbound_message_raw_sha256_fkey"');
  }
}
