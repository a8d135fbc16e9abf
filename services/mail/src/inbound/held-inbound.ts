import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HeldInbound, HeldInboundList, HeldInboundQuery } from '@switchboard/contracts';
import type { BlobStore } from '@switchboard/service-kit';
import { simpleParser } from 'mailparser';
import { heldInboundNotFound, heldInboundNotRetriable } from '../errors';

/** Headers past this many bytes are not read for the list. */
const HEAD_BYTES = 64 * 1024;

/** The first `HEAD_BYTES` of a raw message in the blob store. */
async function storedHead(store: BlobStore, sha256: string): Promise<Buffer> {
  const stream = store.open(sha256);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/** The header block of a raw message (its first `HEAD_BYTES`, up to its blank line): from `raw` when its record holds the bytes, else from the blob store. */
async function headOf(store: BlobStore, sha256: string, raw: Buffer | null): Promise<Buffer> {
  const head = (raw ?? (await storedHead(store, sha256))).subarray(0, HEAD_BYTES);
  const end = head.indexOf('\r\n\r\n');
  return end >= 0 ? head.subarray(0, end + 2) : head;
}

/** Sender and subject from the raw headers; nulls when the bytes are gone or the headers unreadable. */
async function senderAndSubject(store: BlobStore, sha256: string | null, raw: Buffer | null): Promise<Pick<HeldInbound, 'sender' | 'subject'>> {
  if (!sha256) return { sender: null, subject: null };
  try {
    const mail = await simpleParser(await headOf(store, sha256, raw));
    return { sender: mail.from?.value[0]?.address ?? null, subject: mail.subject ?? null };
  } catch {
    return { sender: null, subject: null };
  }
}

type HeldRow = {
  id: string;
  state: HeldInbound['state'];
  reason: string | null;
  raw_sha256: string | null;
  raw_size: string;
  /** At most HEAD_BYTES of the bytes a record holds. */
  head: Buffer | null;
  queue_id: string | null;
  source: HeldInbound['source'];
  received_at: Date | string;
};

/** Quarantined and refused messages, newest first (issue 13). */
export async function listHeldInbound(em: EntityManager, store: BlobStore, query: HeldInboundQuery): Promise<HeldInboundList> {
  const states = query.state ? [query.state] : ['quarantined', 'refused'];
  const rows = await em.execute<HeldRow[]>(
    `select id, state, reason, raw_sha256, raw_size, substring(raw from 1 for ?) as head, queue_id, source, received_at from mail.inbound_message
      where state in (?) order by received_at desc, id limit ?`,
    [HEAD_BYTES, states, query.limit ?? 50],
  );
  const items = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      state: row.state,
      reason: row.reason,
      ...(await senderAndSubject(store, row.raw_sha256, row.head)),
      receivedAt: new Date(row.received_at).toISOString(),
      source: row.source,
      queueId: row.queue_id,
      size: Number(row.raw_size),
      retriable: row.state === 'quarantined' && row.raw_sha256 !== null,
    })),
  );
  return { items };
}

/**
 * Puts a quarantined message back in the inbound spool, in one statement: its record goes (so its
 * key is free again) and a spool row takes its raw bytes, source and time. The spool's recorder
 * then parses, records and files it as it does a just received one; what fails again is
 * quarantined again, with a new id. Answers the spool row's id.
 */
export async function retryHeldInbound(em: EntityManager, id: string): Promise<string> {
  const spoolId = randomUUID();
  const moved = await em.execute<{ id: string }[]>(
    `with gone as (
        delete from mail.inbound_message where id = ? and state = 'quarantined' and raw_sha256 is not null
          returning raw_sha256, raw_size, raw, queue_id, source, received_at
      )
      insert into mail.inbound_spool (id, raw_sha256, raw_size, raw, queue_id, source, received_at)
        select ?, raw_sha256, raw_size, raw, queue_id, source, received_at from gone returning id`,
    [id, spoolId],
  );
  if (moved.length > 0) return spoolId;
  const [row] = await em.execute<{ state: string; raw_sha256: string | null }[]>('select state, raw_sha256 from mail.inbound_message where id = ?', [id]);
  if (!row || row.state === 'stored') throw heldInboundNotFound(id);
  throw heldInboundNotRetriable(row.state === 'refused' ? 'it was refused' : 'its raw bytes are lost');
}
