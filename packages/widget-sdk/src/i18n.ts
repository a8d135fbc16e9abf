import type { Locale } from '@switchboard/contracts';

/** All UI languages; English is the fallback. */
export const LOCALES: readonly Locale[] = ['en', 'cs'];

/** One language's messages: key -> text with `{name}` placeholders. */
export type Messages<K extends string> = Record<K, string>;

/** The messages of a package in every supported language. */
export type Catalog<K extends string> = { en: Messages<K> } & Record<Exclude<Locale, 'en'>, Messages<K>>;

/**
 * A package's catalog, written as `{ en: {…}, cs: {…} }`: the keys come from English and every
 * other language must have exactly those. Name its keys with `CatalogKey<typeof messages>`.
 */
export function defineCatalog<K extends string>(catalog: { en: Messages<K> } & Record<Exclude<Locale, 'en'>, Messages<NoInfer<K>>>): Catalog<K> {
  return catalog;
}

/** The message keys of a catalog. */
export type CatalogKey<C> = C extends Catalog<infer K> ? K : never;

/** Looks up a message and fills its `{name}` placeholders. */
export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/**
 * The one localization mechanism of the platform: each package (shell or widget) ships its own
 * catalog and gets a `translate(locale)` function from it. Missing keys fall back to English.
 */
export function createTranslator<K extends string>(catalog: Catalog<K>): (locale: Locale) => Translate<K> {
  return (locale) => (key, params) => {
    const text = catalog[locale]?.[key] ?? catalog.en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

/** Formats a date-time for the agent's language. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'cs' ? 'cs-CZ' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
    typeof value === 'string' ? new Date(value) : value,
  );
}
