import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceEventHandlers } from '@switchboard/service-kit';

// Tickets' copies of CRM names (decision 0002) kept fresh by CRM's events (decision 0010). The
// kit applies each event once and only when newer than the last of its contact or company; the
// company name a ticket shows is the one with the newest company version either event carried.

/** Remembers a company's name when this version is newer than the one known (locks the row either way). */
async function keepCompanyName(em: EntityManager, companyId: string, name: string, version: number): Promise<void> {
  await em.execute(
    `insert into tickets.company_copy (company_id, name, version) values (?, ?, ?)
     on conflict (company_id) do update set name = excluded.name, version = excluded.version
       where tickets.company_copy.version < excluded.version`,
    [companyId, name, version],
  );
}

/** Tickets' consumer of contact.changed and company.changed: one UPDATE per event. */
export const ticketCopyHandlers: ServiceEventHandlers = {
  'contact.changed': async (contact, em) => {
    if (contact.companyId && contact.companyName !== null && contact.companyVersion !== null) {
      await keepCompanyName(em, contact.companyId, contact.companyName, contact.companyVersion);
    }
    await em.execute(
      `update tickets.ticket set contact_name = ?, company_id = ?,
         company_name = (select name from tickets.company_copy where company_id = ?)
       where contact_id = ?`,
      [contact.name, contact.companyId, contact.companyId, contact.id],
    );
  },
  'company.changed': async (company, em) => {
    await keepCompanyName(em, company.id, company.name, company.version);
    await em.execute(
      `update tickets.ticket set company_name = (select name from tickets.company_copy where company_id = ?) where company_id = ?`,
      [company.id, company.id],
    );
  },
};
