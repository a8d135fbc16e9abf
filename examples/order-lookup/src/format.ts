import type { Locale } from '@switchboard/contracts';

const intlLocale = (locale: Locale) => (locale === 'cs' ? 'cs-CZ' : 'en-GB');

/** A `YYYY-MM-DD` day in the agent's language, e.g. `3 Jan 2026` or `3. 1. 2026`. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** Whole Czech crowns in the agent's language, e.g. `CZK 2,490` or `2 490 Kč`. */
export function formatCzk(amount: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'CZK', maximumFractionDigits: 0 }).format(amount);
}
