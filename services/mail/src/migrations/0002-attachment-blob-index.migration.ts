import { Migration } from '@mikro-orm/migrations';

/**
 * The blob sweep asks, per stored file, whether any attachment still points at it, and deleting
 * a `mail.blob` row makes PostgreSQL ask the same for the foreign key: both read this index.
 */
export class AttachmentBlobIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "attachment_blob_idx" on "mail"."attachment" ("blob_sha256")');
  }
}
