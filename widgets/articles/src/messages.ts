import { defineCatalog } from '@switchboard/widget-sdk';

/** The Articles widget's UI text in every supported language; English is the fallback. */
export const messages = defineCatalog({
  en: {
    searchLabel: 'Search articles',
    searchPlaceholder: 'Words of the title or text',
    resultsLabel: 'Articles',
    loading: 'Searching…',
    empty: 'No article matches',
    typeToSearch: 'Type to search the knowledge base.',
    correctedTo: 'Showing results for "{query}"',
    loadFailed: 'Could not load articles',
    articleFailed: 'Could not load the article',
    retry: 'Retry',
    back: 'Back to the list',
    insertLink: 'Insert link',
    insertExcerpt: 'Insert excerpt',
    excerptHint: 'Select text of the article to insert it.',
    inserted: 'Inserted into the reply',
  },
  cs: {
    searchLabel: 'Hledat články',
    searchPlaceholder: 'Slova z názvu nebo textu',
    resultsLabel: 'Články',
    loading: 'Hledám…',
    empty: 'Žádný článek neodpovídá',
    typeToSearch: 'Pište a prohledávejte znalostní bázi.',
    correctedTo: 'Výsledky pro „{query}“',
    loadFailed: 'Články se nepodařilo načíst',
    articleFailed: 'Článek se nepodařilo načíst',
    retry: 'Zkusit znovu',
    back: 'Zpět na seznam',
    insertLink: 'Vložit odkaz',
    insertExcerpt: 'Vložit úryvek',
    excerptHint: 'Označte text článku, který chcete vložit.',
    inserted: 'Vloženo do odpovědi',
  },
});
