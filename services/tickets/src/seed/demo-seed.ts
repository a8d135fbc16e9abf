import { DEMO } from '@switchboard/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withSeedLock } from '@switchboard/service-kit';
import { generateDemoData, type DemoData } from './demo-data';

/** Rows per multi-row INSERT: 500 tickets x 12 columns stays far below PostgreSQL's 65,535 parameters. */
const BATCH = 500;

/** Any fixed number shared by every replica, so that only one of them seeds. */
const SEED_LOCK = 0x7469636b;

/** What a seed inserted. */
export interface SeedCounts {
  tickets: number;
  favourites: number;
  emailLinks: number;
}

async function insertRows(em: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await em.execute(
      `insert into tickets.${table} (${columns.map((c) => `"${c}"`).join(', ')}) values ${batch.map(() => tuple).join(', ')}`,
      batch.flat(),
      'run',
    );
  }
}

async function insertDemo(em: EntityManager, data: DemoData): Promise<SeedCounts> {
  // Inserted in creation order, so the sequence numbers them as they would have been numbered.
  await insertRows(
    em,
    'ticket',
    ['id', 'title', 'status', 'priority', 'queue_id', 'contact_id', 'company_id', 'contact_name', 'company_name', 'assignee_id', 'created_at', 'updated_at'],
    data.tickets.map((t) => [
      t.id,
      t.title,
      t.status,
      t.priority,
      t.queueId,
      t.contact?.id ?? null,
      t.contact?.company?.id ?? null,
      t.contact?.name ?? null,
      t.contact?.company?.name ?? null,
      t.assigneeId,
      t.createdAt,
      t.updatedAt,
    ]),
  );
  await insertRows(em, 'favourite', ['user_id', 'ticket_id'], data.favourites.map((f) => [f.userId, f.ticketId]));
  await insertRows(
    em,
    'email_link',
    ['email_id', 'ticket_id', 'linked_by', 'linked_at'],
    data.emailLinks.map((l) => [l.emailId, l.ticketId, DEMO.users.agent.id, l.linkedAt]),
  );
  return { tickets: data.tickets.length, favourites: data.favourites.length, emailLinks: data.emailLinks.length };
}

/**
 * Seeds the demo when the ticket table is empty; returns what it inserted, or null when there
 * were tickets already. The seed lock keeps two replicas starting at once from both seeding.
 */
export async function seedDemoIfEmpty(em: EntityManager, data: DemoData = generateDemoData()): Promise<SeedCounts | null> {
  return withSeedLock(em, SEED_LOCK, async (tx) => {
    const [{ any }] = await tx.execute<{ any: boolean }[]>('select exists (select 1 from tickets.ticket) as "any"');
    return any ? null : insertDemo(tx, data);
  });
}
