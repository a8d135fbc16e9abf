import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { MailAddress } from '@switchboard/contracts';
import { openOrm, type BlobStore } from '@switchboard/service-kit';
import { AttachmentEntity, BlobEntity, EmailEntity, mailEntities, OutboxEntity, QueueEntity, type EmailRecord } from '../../entities';
import { mailMigrations } from '../../migrations';

/** Opens (and migrates) the mail schema of a test database. */
export function openMailOrm(databaseUrl: string, poolSize = 4): Promise<MikroORM> {
  return openOrm({ databaseUrl, schema: 'mail', entities: mailEntities, migrations: mailMigrations, poolSize });
}

/** Inserts an email queue; returns its id. */
export async function insertQueue(
  orm: MikroORM,
  fields: { id?: string; fromAddress?: string; fromName?: string | null; smtpUrlEncrypted?: string | null } = {},
): Promise<string> {
  const id = fields.id ?? randomUUID();
  await orm.em.fork().transactional((em) =>
    em.insert(QueueEntity, {
      id,
      name: 'Support',
      fromAddress: fields.fromAddress ?? 'support@switchboard.test',
      fromName: fields.fromName === undefined ? 'Switchboard Support' : fields.fromName,
      smtpUrlEncrypted: fields.smtpUrlEncrypted ?? null,
    }),
  );
  return id;
}

/** Stores bytes in the blob store and records the blob row. */
export async function storeBlob(orm: MikroORM, blobStore: BlobStore, bytes: Buffer): Promise<string> {
  const { sha256, size } = await blobStore.put(Readable.from([bytes]), { maxBytes: bytes.length });
  await orm.em.fork().transactional((em) => em.upsert(BlobEntity, { sha256, size }));
  return sha256;
}

/** An attachment of a seeded email, over a stored blob. */
export interface SeedAttachment {
  sha256: string;
  size: number;
  fileName: string;
  contentType: string;
  inline?: boolean;
  contentId?: string;
}

/** A queued email to seed; everything but the queue has a default. */
export interface SeedEmail {
  queueId: string;
  to?: MailAddress[];
  cc?: MailAddress[];
  bcc?: MailAddress[];
  subject?: string;
  html?: string;
  inReplyTo?: string;
  references?: string;
  attachments?: SeedAttachment[];
}

/** What a seeded email was given. */
export interface SeededEmail {
  id: string;
  messageId: string;
}

const CHUNK = 500;

/**
 * Writes emails as the send route commits them: status `queued`, Message-ID and From fixed,
 * attachments, and a pending outbox row each; in chunked transactions so thousands fit.
 */
export async function insertQueuedEmails(orm: MikroORM, inputs: SeedEmail[]): Promise<SeededEmail[]> {
  const seeded: SeededEmail[] = [];
  for (let start = 0; start < inputs.length; start += CHUNK) {
    const chunk = inputs.slice(start, start + CHUNK).map((input) => ({ input, id: randomUUID() }));
    await orm.em.fork().transactional(async (em) => {
      const now = new Date();
      await em.insertMany(
        EmailEntity,
        chunk.map(({ input, id }) => ({
          id,
          ownerId: '00000000-0000-4000-8000-000000000001',
          direction: 'outbound' as const,
          status: 'queued' as const,
          queueId: input.queueId,
          from: { address: 'support@switchboard.test', name: 'Switchboard Support' },
          to: input.to ?? [{ address: 'customer@example.test', name: 'Jana Nováková' }],
          cc: input.cc ?? [],
          bcc: input.bcc ?? [],
          subject: input.subject ?? 'Your order',
          html: input.html ?? '<p>Hello</p>',
          messageId: `<${id}@switchboard.test>`,
          inReplyTo: input.inReplyTo ?? null,
          references: input.references ?? null,
          queuedAt: now,
        })),
      );
      const attachments = chunk.flatMap(({ input, id }) =>
        (input.attachments ?? []).map((a) => ({
          id: randomUUID(),
          emailId: id,
          blobSha256: a.sha256,
          fileName: a.fileName,
          contentType: a.contentType,
          size: a.size,
          inline: a.inline ?? false,
          contentId: a.contentId ?? null,
        })),
      );
      if (attachments.length > 0) await em.insertMany(AttachmentEntity, attachments);
      await em.insertMany(OutboxEntity, chunk.map(({ id }) => ({ emailId: id, createdAt: now })));
    });
    seeded.push(...chunk.map(({ id }) => ({ id, messageId: `<${id}@switchboard.test>` })));
  }
  return seeded;
}

/** Counts emails per status, e.g. `{ sent: 998, sending: 2 }`. */
export async function statusCounts(orm: MikroORM): Promise<Record<string, number>> {
  const rows = await orm.em
    .fork()
    .transactional((em) => em.execute<{ status: string; n: string }[]>('select status, count(*) as n from "mail"."email" group by status'));
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Reads one email row (outside any cache). */
export function readEmail(orm: MikroORM, id: string): Promise<EmailRecord | null> {
  return orm.em.fork().transactional((em) => em.findOne(EmailEntity, { id }));
}

/** Polls until `check` resolves true; fails after `timeoutMs` with `what`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the email reaches `status` and returns its row. */
export async function waitForStatus(orm: MikroORM, id: string, status: EmailRecord['status'], timeoutMs?: number): Promise<EmailRecord> {
  let row: EmailRecord | null = null;
  await eventually(async () => (row = await readEmail(orm, id))?.status === status, `email ${id} to be ${status}`, timeoutMs);
  return row!;
}
