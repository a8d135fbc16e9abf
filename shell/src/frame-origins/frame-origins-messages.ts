import { createTranslator, defineCatalog } from '@switchboard/widget-sdk';

/** The Page-in-page sites page's text; English is the fallback. */
const messages = defineCatalog({
  en: {
    title: 'Sites shown in Page in page',
    intro: 'Agents can show these sites inside the Page in page widget. Only https addresses; a change applies when a page is loaded again.',
    origin: 'Site address',
    hint: 'Like https://orders.example, without a path.',
    add: 'Allow site',
    remove: 'Stop allowing {origin}',
    empty: 'No site is allowed yet.',
    loading: 'Loading…',
    loadFailed: 'The sites could not be loaded.',
    failed: 'That did not work: {reason}',
    added: '{origin} is allowed.',
    removed: '{origin} is no longer allowed.',
    adminOnly: 'Only an administrator can change which sites are shown.',
  },
  cs: {
    title: 'Weby zobrazené ve Stránce ve stránce',
    intro: 'Tyto weby mohou agenti zobrazit uvnitř widgetu Stránka ve stránce. Jen adresy https; změna platí po novém načtení stránky.',
    origin: 'Adresa webu',
    hint: 'Například https://orders.example, bez cesty.',
    add: 'Povolit web',
    remove: 'Zakázat {origin}',
    empty: 'Zatím není povolen žádný web.',
    loading: 'Načítám…',
    loadFailed: 'Weby se nepodařilo načíst.',
    failed: 'Nepodařilo se: {reason}',
    added: '{origin} je povolen.',
    removed: '{origin} už povolen není.',
    adminOnly: 'Které weby se zobrazují, může měnit jen administrátor.',
  },
});

/** `translateFrameOrigins(locale)(key, params)`. */
export const translateFrameOrigins = createTranslator(messages);
