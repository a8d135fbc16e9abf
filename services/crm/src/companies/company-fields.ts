import { CrmErrorCode } from '@switchboard/contracts';
import { invalidField } from '../errors';
import { normalizeDomain, normalizeIco, normalizeVatId } from '../validation/company-ids';

/** The IČO in its stored form, null kept; throws INVALID_ICO. */
export function checkIco(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const ico = normalizeIco(raw);
  if (!ico) throw invalidField(CrmErrorCode.invalidIco, '/ico', raw);
  return ico;
}

/** The VAT id compacted, null kept; throws INVALID_VAT_ID. */
export function checkVatId(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const vat = normalizeVatId(raw);
  if (!vat) throw invalidField(CrmErrorCode.invalidVatId, '/vatId', raw);
  return vat;
}

/** Domains lowercased, each once; throws INVALID_DOMAIN. */
export function checkDomains(raw: string[]): string[] {
  const domains = raw.map((item, i) => {
    const domain = normalizeDomain(item);
    if (!domain) throw invalidField(CrmErrorCode.invalidDomain, `/domains/${i}`, item);
    return domain;
  });
  return [...new Set(domains)];
}
