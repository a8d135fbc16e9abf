import type { EntityManager } from '@mikro-orm/postgresql';
import { withSeedLock } from '@switchboard/service-kit';
import { generateCrmDemoData, type CrmDemoData } from './demo-data';

/** Rows per multi-row INSERT: far below PostgreSQL's 65,535 parameters. */
const BATCH = 500;

/** Any fixed number shared by every replica, so that only one of them seeds. */
const SEED_LOCK = 0x63726d00;

/** What a seed inserted. */
export interface SeedCounts {
  companies: number;
  contacts: number;
  activities: number;
  events: number;
}

/** Inserts rows in batches; `casts` are the SQL type of a column where the text needs one (`jsonb`). */
async function insertRows(em: EntityManager, table: string, columns: Record<string, string>, rows: unknown[][]): Promise<void> {
  const names = Object.keys(columns);
  const tuple = `(${names.map((name) => (columns[name] ? `?::${columns[name]}` : '?')).join(', ')})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await em.execute(
      `insert into crm.${table} (${names.map((c) => `"${c}"`).join(', ')}) values ${batch.map(() => tuple).join(', ')}`,
      batch.flat(),
      'run',
    );
  }
}

async function insertDemo(em: EntityManager, data: CrmDemoData): Promise<SeedCounts> {
  await insertRows(
    em,
    'company',
    { id: '', name: '', ico: '', vat_id: '', domains: 'text[]', addresses: 'jsonb', sla_ref: '', owner_id: '', team_id: '' },
    data.companies.map((c) => [c.id, c.name, c.ico, c.vatId, `{${c.domains.join(',')}}`, JSON.stringify(c.addresses), c.slaRef, c.ownerId, c.teamId]),
  );
  await insertRows(
    em,
    'contact',
    { id: '', name: '', title: '', emails: 'jsonb', phones: 'jsonb', company_id: '', company_name: '', notes: '', notes_private: '', owner_id: '', team_id: '' },
    data.contacts.map((c) => [
      c.id,
      c.name,
      c.title,
      JSON.stringify(c.emails),
      JSON.stringify(c.phones),
      c.companyId,
      c.companyName,
      c.notes,
      c.notesPrivate,
      c.ownerId,
      c.teamId,
    ]),
  );
  await insertRows(
    em,
    'contact_email',
    { contact_id: '', address_key: '' },
    data.contacts.flatMap((c) => c.emails.map((e) => [c.id, e.address.trim().toLowerCase()])),
  );
  await insertRows(em, 'contact_phone', { contact_id: '', number: '' }, data.contacts.flatMap((c) => c.phones.map((p) => [c.id, p.number])));
  await insertRows(
    em,
    'activity',
    { id: '', contact_id: '', kind: '', direction: '', occurred_at: '', title: '', body: '', private: '', author_id: '', team_id: '', link: '', external_key: '' },
    data.activities.map((a) => [a.id, a.contactId, a.kind, a.direction, a.occurredAt, a.title, a.body, a.private, a.authorId, a.teamId, a.link, a.externalKey]),
  );
  await insertRows(
    em,
    'calendar_event',
    { id: '', owner_id: '', kind: '', title: '', starts_at: '', ends_at: '', contact_id: '' },
    data.events.map((e) => [e.id, e.ownerId, e.kind, e.title, e.startsAt, e.endsAt, e.contactId]),
  );
  return { companies: data.companies.length, contacts: data.contacts.length, activities: data.activities.length, events: data.events.length };
}

/**
 * Seeds the demo when the contact table is empty; returns what it inserted, or null when there
 * were contacts already. Under the kit's seed lock, so that of two replicas one seeds.
 */
export async function seedDemoIfEmpty(em: EntityManager, data: CrmDemoData = generateCrmDemoData()): Promise<SeedCounts | null> {
  return withSeedLock(em, SEED_LOCK, async (tx) => {
    const [{ any }] = await tx.execute<{ any: boolean }[]>('select exists (select 1 from crm.contact) as "any"');
    return any ? null : insertDemo(tx, data);
  });
}
