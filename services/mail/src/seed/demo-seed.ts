import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO } from '@switchboard/contracts';
import { withSeedLock, type BlobStore } from '@switchboard/service-kit';
import { AttachmentEntity, BlobEntity, EmailEntity, QueueEntity } from '../entities';
import { demoPdf, demoPng } from './demo-files';
import { demoEmails, type DemoFileSpec } from './demo-emails';

/** Any fixed number shared by every replica, so that only one of them seeds. */
const SEED_LOCK = 0x6d61696c;

const HOUR = 3_600_000;

/** What a seed inserted. */
export interface MailSeedCounts {
  queues: number;
  emails: number;
  attachments: number;
}

const FILE_TYPES: Record<DemoFileSpec['kind'], string> = { png: 'image/png', pdf: 'application/pdf' };

function fileBytes(spec: DemoFileSpec): Buffer {
  return spec.kind === 'png' ? demoPng() : demoPdf(['Invoice FV20250117', 'Amount due: 1,250.00 CZK', 'Paid twice on 3 and 4 March.']);
}

/** Upserts the demo queues (support, billing) with the default transport; returns how many were new. */
async function seedQueues(em: EntityManager): Promise<number> {
  let created = 0;
  for (const queue of Object.values(DEMO.queues)) {
    if (await em.count(QueueEntity, { id: queue.id })) continue;
    em.create(QueueEntity, { id: queue.id, name: queue.name, fromAddress: queue.fromAddress, fromName: queue.name, smtpUrlEncrypted: null });
    created++;
  }
  await em.flush();
  return created;
}

async function seedEmails(em: EntityManager, blobs: BlobStore, now: Date): Promise<Omit<MailSeedCounts, 'queues'>> {
  let attachments = 0;
  const emails = demoEmails();
  for (const demo of emails) {
    const at = new Date(now.getTime() - demo.hoursAgo * HOUR);
    em.create(EmailEntity, {
      id: demo.id,
      ownerId: DEMO.users.agent.id,
      version: 1,
      direction: 'inbound',
      status: 'received',
      queueId: DEMO.queues.support.id,
      contactId: demo.contactId,
      from: demo.from,
      to: demo.to,
      cc: [],
      bcc: [],
      subject: demo.subject,
      html: demo.html,
      important: false,
      postponed: false,
      messageId: demo.messageId,
      sentAt: at,
      createdAt: at,
      updatedAt: at,
    });
  }
  // Emails first: attachment rows reference them.
  await em.flush();
  for (const demo of emails) {
    if (!demo.file) continue;
    const bytes = fileBytes(demo.file);
    const stored = await blobs.put(Readable.from([bytes]), { maxBytes: bytes.length });
    // Written at once (not at flush): the attachment row references it.
    await em.upsert(BlobEntity, { sha256: stored.sha256, size: stored.size, createdAt: now });
    em.create(AttachmentEntity, {
      id: demo.file.id,
      emailId: demo.id,
      blobSha256: stored.sha256,
      fileName: demo.file.fileName,
      contentType: FILE_TYPES[demo.file.kind],
      size: stored.size,
      inline: false,
      contentId: null,
    });
    attachments++;
  }
  await em.flush();
  return { emails: emails.length, attachments };
}

/**
 * Seeds the demo queues (when missing) and, when the email table is empty, the 20 inbound demo
 * emails the tickets seed links to the demo agent's tickets, two of them with a file. Their
 * ticket copies are filled from tickets later (ticket-copy.ts). The seed lock keeps two
 * replicas starting at once from both seeding. Returns null when nothing was inserted.
 */
export async function seedDemoIfEmpty(em: EntityManager, blobs: BlobStore, now = new Date()): Promise<MailSeedCounts | null> {
  return withSeedLock(em, SEED_LOCK, async (tx) => {
    const queues = await seedQueues(tx);
    const empty = (await tx.count(EmailEntity, {})) === 0;
    const seeded = empty ? await seedEmails(tx, blobs, now) : { emails: 0, attachments: 0 };
    return queues + seeded.emails > 0 ? { queues, ...seeded } : null;
  });
}
