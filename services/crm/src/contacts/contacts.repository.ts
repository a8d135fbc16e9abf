import { randomUUID } from 'node:crypto';
import {
  CrmErrorCode,
  type Contact,
  type ContactList,
  type ContactMatch,
  type ContactMatchQuery,
  type ContactSearchQuery,
  type CreateContactBody,
  type PatchContactBody,
} from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isInsider, teamFor } from '../access';
import { companyNotFound, contactNotFound, invalidField, matchKeyRequired, recordForbidden, versionConflict } from '../errors';
import { searchPage } from '../search/search-page';
import { requiredText } from '../validation/text';
import { emailKey } from '../validation/email';
import { normalizePhone } from '../validation/phone';
import { recordContactChanged } from '../events/crm-events';
import { checkEmails, checkPhones } from './contact-lists';
import { contactMatcher, type MatchKey } from './contact-match';
import { CONTACT_COLUMNS, toContact, toContactSummary, type ContactRow } from './contact-row';

/** Contacts: search, match by address or number, read, create, change. */
export interface ContactsRepository {
  /** One page by name, optionally of one company and of words (diacritics and case ignored) that begin words of the contact, else occur in them. */
  search(caller: Caller, query: ContactSearchQuery): Promise<ContactList>;
  /** C6, C9: every contact with this address or number, by name; concurrent matches share a statement (contact-match.ts). */
  match(caller: Caller, query: ContactMatchQuery): Promise<ContactMatch>;
  /** One contact; throws CONTACT_NOT_FOUND. */
  get(caller: Caller, id: string): Promise<Contact>;
  /** C9: a new contact, owned by the caller, in the caller's first team unless told otherwise. */
  create(caller: Caller, body: CreateContactBody): Promise<Contact>;
  /** C3: changes the given fields when `version` is the stored one (409 with the current record otherwise). */
  update(caller: Caller, id: string, body: PatchContactBody): Promise<Contact>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Contact queries, bound to the request's EntityManager. */
    contactsRepository: ContactsRepository;
  }
}

type Sql = <T>(query: string, params: unknown[]) => Promise<T[]>;
const sqlOf = (em: EntityManager): Sql => (query, params) => em.execute(query, params, 'all');

/** The company's name, for the contact's copy; throws COMPANY_NOT_FOUND. */
async function companyName(sql: Sql, companyId: string): Promise<string> {
  const [row] = await sql<{ name: string }>('select name from crm.company where id = ?', [companyId]);
  if (!row) throw companyNotFound(companyId);
  return row.name;
}

/** Replaces the contact's match keys with the given ones. */
async function writeKeys(sql: Sql, contactId: string, emails: string[] | undefined, phones: string[] | undefined): Promise<void> {
  if (emails) {
    await sql('delete from crm.contact_email where contact_id = ?', [contactId]);
    await sql('insert into crm.contact_email (contact_id, address_key) select ?, jsonb_array_elements_text(?::jsonb)', [
      contactId,
      JSON.stringify(emails),
    ]);
  }
  if (phones) {
    await sql('delete from crm.contact_phone where contact_id = ?', [contactId]);
    await sql('insert into crm.contact_phone (contact_id, number) select ?, jsonb_array_elements_text(?::jsonb)', [contactId, JSON.stringify(phones)]);
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createContactsRepository(app: FastifyInstance): ContactsRepository {
  const sql: Sql = (query, params) => sqlOf(app.orm.em)(query, params);

  const find = async (id: string): Promise<ContactRow> => {
    const [row] = await sql<ContactRow>(`select ${CONTACT_COLUMNS} from crm.contact c where c.id = ?`, [id]);
    if (!row) throw contactNotFound(id);
    return row;
  };
  const matcher = contactMatcher(app);

  return {
    async search(_caller, query) {
      const filters = query.companyId ? { sql: ['c.company_id = ?'], params: [query.companyId] } : { sql: [], params: [] };
      const page = await searchPage({ q: query.q, cursor: query.cursor, limit: query.limit ?? 25, filters, alias: 'c' }, (conditions, limit) =>
        sql<ContactRow>(
          `select ${CONTACT_COLUMNS} from crm.contact c ${conditions.sql.length ? `where ${conditions.sql.join(' and ')}` : ''}
           order by c.sort_name, c.id limit ?`,
          [...conditions.params, limit],
        ),
      );
      return { items: page.rows.map(toContactSummary), nextCursor: page.nextCursor };
    },

    async match(caller, query) {
      if ((query.email === undefined) === (query.phone === undefined)) throw matchKeyRequired();
      let key: MatchKey;
      if (query.email !== undefined) {
        key = { kind: 'email', key: emailKey(query.email) };
      } else {
        const number = normalizePhone(query.phone!);
        if (!number) throw invalidField(CrmErrorCode.invalidPhone, '/phone', query.phone!);
        key = { kind: 'phone', key: number };
      }
      const rows = await matcher.load(key);
      return { items: rows.map((row) => toContact(row, caller)) };
    },

    async get(caller, id) {
      return toContact(await find(id), caller);
    },

    async create(caller, body) {
      const name = requiredText(body.name, '/name');
      const emails = checkEmails(body.emails ?? []);
      const phones = checkPhones(body.phones ?? []);
      const teamId = teamFor(caller, body.teamId);
      const id = randomUUID();
      return app.orm.em.transactional(async (tx) => {
        const txSql = sqlOf(tx);
        const company = body.companyId ? await companyName(txSql, body.companyId) : null;
        await txSql(
          `insert into crm.contact (id, name, title, emails, phones, company_id, company_name, notes, notes_private, owner_id, team_id)
           values (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            name,
            body.title ?? null,
            JSON.stringify(emails.entries),
            JSON.stringify(phones.entries),
            body.companyId ?? null,
            company,
            body.notes ?? null,
            body.notesPrivate ?? false,
            body.ownerId === undefined ? caller.userId : body.ownerId,
            teamId,
          ],
        );
        await writeKeys(txSql, id, emails.keys, phones.keys);
        const [row] = await txSql<ContactRow>(`select ${CONTACT_COLUMNS} from crm.contact c where c.id = ?`, [id]);
        return toContact(row!, caller);
      });
    },

    async update(caller, id, body) {
      const name = body.name === undefined ? undefined : requiredText(body.name, '/name');
      const emails = body.emails && checkEmails(body.emails);
      const phones = body.phones && checkPhones(body.phones);
      return app.orm.em.transactional(async (tx) => {
        const txSql = sqlOf(tx);
        const [current] = await txSql<ContactRow>(`select ${CONTACT_COLUMNS} from crm.contact c where c.id = ? for update`, [id]);
        if (!current) throw contactNotFound(id);
        if (!isInsider(caller, { ownerId: current.owner_id, teamId: current.team_id })) throw recordForbidden('contact');
        if (current.version !== body.version) throw versionConflict(toContact(current, caller));
        const companyId = body.companyId === undefined ? current.company_id : body.companyId;
        const company = companyId === current.company_id ? current.company_name : companyId && (await companyName(txSql, companyId));
        await txSql(
          `update crm.contact set name = ?, title = ?, emails = ?::jsonb, phones = ?::jsonb, company_id = ?, company_name = ?,
             notes = ?, notes_private = ?, owner_id = ?, team_id = ?, version = version + 1, updated_at = now()
           where id = ?`,
          [
            name ?? current.name,
            body.title === undefined ? current.title : body.title,
            JSON.stringify(emails?.entries ?? current.emails),
            JSON.stringify(phones?.entries ?? current.phones),
            companyId,
            company ?? null,
            body.notes === undefined ? current.notes : body.notes,
            body.notesPrivate ?? current.notes_private,
            body.ownerId === undefined ? current.owner_id : body.ownerId,
            body.teamId === undefined ? current.team_id : teamFor(caller, body.teamId),
            id,
          ],
        );
        await writeKeys(txSql, id, emails?.keys, phones?.keys);
        if ((name !== undefined && name !== current.name) || companyId !== current.company_id) await recordContactChanged(tx, id);
        const [row] = await txSql<ContactRow>(`select ${CONTACT_COLUMNS} from crm.contact c where c.id = ?`, [id]);
        return toContact(row!, caller);
      });
    },
  };
}

/** Decorates `app.contactsRepository`. */
export const contactsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('contactsRepository', createContactsRepository(app));
  },
  { name: 'contacts-repository', dependencies: ['switchboard-orm'] },
);
