import type { EntityManager } from '@mikro-orm/postgresql';
import { recordServiceEvent } from '@switchboard/service-kit';

// What CRM tells other services (decision 0010): recorded in the transaction of the change.

/** The crm schema: its `event_outbox` and consumer tables. */
export const CRM_SCHEMA = 'crm';

/**
 * Records `contact.changed` with the contact as the transaction sees it now (after the update):
 * its name, version, and its company's name with the company's version, so a consumer can tell
 * which company name is newer when a rename of the company crosses this event.
 */
export async function recordContactChanged(tx: EntityManager, contactId: string): Promise<void> {
  const [row] = await tx.execute<{ name: string; version: number; company_id: string | null; company_name: string | null; company_version: number | null }[]>(
    `select c.name, c.version, c.company_id, co.name as company_name, co.version as company_version
     from crm.contact c left join crm.company co on co.id = c.company_id where c.id = ?`,
    [contactId],
    'all',
  );
  if (!row) return;
  await recordServiceEvent(tx, CRM_SCHEMA, {
    type: 'contact.changed',
    aggregate: 'contact',
    aggregateId: contactId,
    version: row.version,
    payload: {
      id: contactId,
      name: row.name,
      companyId: row.company_id,
      companyName: row.company_id ? row.company_name : null,
      companyVersion: row.company_id ? row.company_version : null,
      version: row.version,
    },
  });
}

/** Records `company.changed` after a rename (its contacts' copies changed in the same transaction). */
export async function recordCompanyChanged(tx: EntityManager, company: { id: string; name: string; version: number }): Promise<void> {
  await recordServiceEvent(tx, CRM_SCHEMA, {
    type: 'company.changed',
    aggregate: 'company',
    aggregateId: company.id,
    version: company.version,
    payload: { id: company.id, name: company.name, version: company.version },
  });
}
