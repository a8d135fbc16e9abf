import { randomUUID } from 'node:crypto';
import type {
  Company,
  CompanyList,
  CompanyMatch,
  CompanySearchQuery,
  CreateCompanyBody,
  PatchCompanyBody,
} from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isInsider, teamFor } from '../access';
import { companyNotFound, recordForbidden, versionConflict } from '../errors';
import { recordCompanyChanged } from '../events/crm-events';
import { searchPage } from '../search/search-page';
import { normalizeDomain } from '../validation/company-ids';
import { requiredText } from '../validation/text';
import { checkDomains, checkIco, checkVatId } from './company-fields';
import { COMPANY_COLUMNS, toCompany, toCompanySummary, type CompanyRow } from './company-row';

/** Most companies one domain match answers. */
const MATCH_LIMIT = 20;

/** Companies: search, match by domain, read, create, change. */
export interface CompaniesRepository {
  /** One page by name, optionally of words beginning (else occurring in) words of the name, IČO, VAT id or domains. */
  search(caller: Caller, query: CompanySearchQuery): Promise<CompanyList>;
  /** The companies using this email domain (nothing for something that is no domain). */
  matchDomain(caller: Caller, domain: string): Promise<CompanyMatch>;
  /** One company; throws COMPANY_NOT_FOUND. */
  get(caller: Caller, id: string): Promise<Company>;
  create(caller: Caller, body: CreateCompanyBody): Promise<Company>;
  /** Changes the given fields when `version` is the stored one; a new name reaches its contacts' copies at once. */
  update(caller: Caller, id: string, body: PatchCompanyBody): Promise<Company>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Company queries, bound to the request's EntityManager. */
    companiesRepository: CompaniesRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createCompaniesRepository(app: FastifyInstance): CompaniesRepository {
  const sql = <T>(query: string, params: unknown[]) => app.orm.em.execute<T[]>(query, params, 'all');
  const select = `select ${COMPANY_COLUMNS} from crm.company co`;

  return {
    async search(_caller, query) {
      const filters = { sql: [], params: [] };
      const page = await searchPage({ q: query.q, cursor: query.cursor, limit: query.limit ?? 25, filters, alias: 'co' }, (conditions, limit) =>
        sql<CompanyRow>(
          `${select} ${conditions.sql.length ? `where ${conditions.sql.join(' and ')}` : ''} order by co.sort_name, co.id limit ?`,
          [...conditions.params, limit],
        ),
      );
      return { items: page.rows.map(toCompanySummary), nextCursor: page.nextCursor };
    },

    async matchDomain(caller, raw) {
      const domain = normalizeDomain(raw);
      if (!domain) return { items: [] };
      const rows = await sql<CompanyRow>(`${select} where co.domains @> array[?]::text[] order by co.sort_name, co.id limit ?`, [
        domain,
        MATCH_LIMIT,
      ]);
      return { items: rows.map((row) => toCompany(row, caller)) };
    },

    async get(caller, id) {
      const [row] = await sql<CompanyRow>(`${select} where co.id = ?`, [id]);
      if (!row) throw companyNotFound(id);
      return toCompany(row, caller);
    },

    async create(caller, body) {
      const id = randomUUID();
      const values = [
        id,
        requiredText(body.name, '/name'),
        checkIco(body.ico ?? null),
        checkVatId(body.vatId ?? null),
        JSON.stringify(checkDomains(body.domains ?? [])),
        JSON.stringify(body.addresses ?? []),
        body.slaRef ?? null,
        body.notes ?? null,
        body.ownerId === undefined ? caller.userId : body.ownerId,
        teamFor(caller, body.teamId),
      ];
      await sql(
        `insert into crm.company (id, name, ico, vat_id, domains, addresses, sla_ref, notes, owner_id, team_id)
         values (?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?::jsonb, ?, ?, ?, ?)`,
        values,
      );
      return this.get(caller, id);
    },

    async update(caller, id, body) {
      const name = body.name === undefined ? undefined : requiredText(body.name, '/name');
      const ico = body.ico === undefined ? undefined : checkIco(body.ico);
      const vatId = body.vatId === undefined ? undefined : checkVatId(body.vatId);
      const domains = body.domains && checkDomains(body.domains);
      return app.orm.em.transactional(async (tx) => {
        const txSql = <T>(query: string, params: unknown[]) => tx.execute<T[]>(query, params, 'all');
        const [current] = await txSql<CompanyRow>(`${select} where co.id = ? for update`, [id]);
        if (!current) throw companyNotFound(id);
        if (!isInsider(caller, { ownerId: current.owner_id, teamId: current.team_id })) throw recordForbidden('company');
        if (current.version !== body.version) throw versionConflict(toCompany(current, caller));
        await txSql(
          `update crm.company set name = ?, ico = ?, vat_id = ?, domains = array(select jsonb_array_elements_text(?::jsonb)),
             addresses = ?::jsonb, sla_ref = ?, notes = ?, owner_id = ?, team_id = ?, version = version + 1, updated_at = now()
           where id = ?`,
          [
            name ?? current.name,
            ico === undefined ? current.ico : ico,
            vatId === undefined ? current.vat_id : vatId,
            JSON.stringify(domains ?? current.domains),
            JSON.stringify(body.addresses ?? current.addresses),
            body.slaRef === undefined ? current.sla_ref : body.slaRef,
            body.notes === undefined ? current.notes : body.notes,
            body.ownerId === undefined ? current.owner_id : body.ownerId,
            body.teamId === undefined ? current.team_id : teamFor(caller, body.teamId),
            id,
          ],
        );
        if (name !== undefined && name !== current.name) {
          await txSql('update crm.contact set company_name = ? where company_id = ?', [name, id]);
          await recordCompanyChanged(tx, { id, name, version: current.version + 1 });
        }
        const [row] = await txSql<CompanyRow>(`${select} where co.id = ?`, [id]);
        return toCompany(row!, caller);
      });
    },
  };
}

/** Decorates `app.companiesRepository`. */
export const companiesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('companiesRepository', createCompaniesRepository(app));
  },
  { name: 'companies-repository', dependencies: ['switchboard-orm'] },
);
