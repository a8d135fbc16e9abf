import type { Address, Company, CompanySummary } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { isInsider } from '../access';

/** A company row as raw SQL returns it. */
export interface CompanyRow {
  id: string;
  name: string;
  ico: string | null;
  vat_id: string | null;
  domains: string[];
  addresses: Address[];
  sla_ref: string | null;
  notes: string | null;
  owner_id: string | null;
  team_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  sort_name: string;
}

/** The columns of CompanyRow, `co` being the company table. */
export const COMPANY_COLUMNS = `co.id, co.name, co.ico, co.vat_id, co.domains, co.addresses, co.sla_ref, co.notes,
  co.owner_id, co.team_id, co.version, co.created_at, co.updated_at, co.sort_name`;

/** The company as this caller sees it. */
export function toCompany(row: CompanyRow, caller: Caller): Company {
  return {
    id: row.id,
    name: row.name,
    ico: row.ico,
    vatId: row.vat_id,
    domains: row.domains,
    addresses: row.addresses,
    slaRef: row.sla_ref,
    notes: row.notes,
    ownerId: row.owner_id,
    teamId: row.team_id,
    canEdit: isInsider(caller, { ownerId: row.owner_id, teamId: row.team_id }),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The list form of a company. */
export function toCompanySummary(row: CompanyRow): CompanySummary {
  return { id: row.id, name: row.name, ico: row.ico, domains: row.domains };
}
