import { createTranslator, defineCatalog } from '@switchboard/widget-sdk';

/** The Knowledge base page's text; English is the fallback. */
const messages = defineCatalog({
  en: {
    module: 'Knowledge base',
    backToEmail: 'Back to email',
    updated: 'Updated {date}',
    loading: 'Loading…',
    notFound: 'This article does not exist or you cannot see it.',
    loadFailed: 'The article could not be loaded.',
    retry: 'Retry',
  },
  cs: {
    module: 'Znalostní báze',
    backToEmail: 'Zpět na e-mail',
    updated: 'Aktualizováno {date}',
    loading: 'Načítám…',
    notFound: 'Tento článek neexistuje nebo ho nemůžete vidět.',
    loadFailed: 'Článek se nepodařilo načíst.',
    retry: 'Zkusit znovu',
  },
});

/** `translateKb(locale)(key, params)`. */
export const translateKb = createTranslator(messages);
