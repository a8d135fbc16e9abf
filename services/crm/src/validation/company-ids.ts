/**
 * The IČO (Czech company registration number) without spaces, when it has 8 digits and its
 * check digit: weights 8..2 over the first seven, then 11 - (sum mod 11), 10 → 0, 11 → 1.
 */
export function normalizeIco(raw: string): string | null {
  const ico = raw.replace(/\s+/g, '');
  if (!/^\d{8}$/.test(ico)) return null;
  const sum = [...ico.slice(0, 7)].reduce((total, digit, i) => total + Number(digit) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 10;
  return check === Number(ico[7]) ? ico : null;
}

/** The shapes of EU VAT ids after the country prefix (the VIES formats). */
const VAT_SHAPES: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[0-9A-Z]\d{7}[0-9A-Z]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/**
 * A VAT id in its compact form (`cz 2616 8685` → `CZ26168685`) when it has an EU country
 * prefix and that country's shape; a Czech one of 8 digits is `CZ` + the IČO, so its check
 * digit must hold too.
 */
export function normalizeVatId(raw: string): string | null {
  const vat = raw.replace(/[\s.-]+/g, '').toUpperCase();
  const shape = VAT_SHAPES[vat.slice(0, 2)];
  const rest = vat.slice(2);
  if (!shape?.test(rest)) return null;
  if (vat.startsWith('CZ') && rest.length === 8 && !normalizeIco(rest)) return null;
  return vat;
}

const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** An email domain, lowercase, without a leading `@` or trailing dot; null when it is none. */
export function normalizeDomain(raw: string): string | null {
  const domain = raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  const labels = domain.split('.');
  return domain.length <= 253 && labels.length >= 2 && labels.every((l) => LABEL.test(l)) ? domain : null;
}
