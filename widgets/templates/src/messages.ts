import { type CatalogKey, defineCatalog } from '@switchboard/widget-sdk';

/** The Templates widget's UI text in every supported language; English is the fallback. */
export const messages = defineCatalog({
  en: {
    searchLabel: 'Search templates',
    searchPlaceholder: 'Name or words of the text',
    treeLabel: 'Templates',
    withoutFrame: 'Without a frame',
    loading: 'Loading templates…',
    empty: 'No templates match',
    loadFailed: 'Could not load templates',
    retry: 'Retry',
    unknownError: 'Something went wrong',
    useCount: 'Used {count}×',
    back: 'Back to templates',
    previewHeading: 'Preview: {name}',
    previewLoading: 'Rendering…',
    renderFailed: 'Could not render the template',
    missingHeading: 'Fill in before inserting',
    missingHint: 'The page does not know these values.',
    insert: 'Insert into reply',
    inserting: 'Inserting…',
    inserted: 'Inserted into the reply: {name}',
    stillMissing: 'Fill in: {names}',
    var_ticket_number: 'Ticket number',
    var_ticket_title: 'Ticket title',
    var_contact_name: "Contact's name",
    var_contact_firstName: "Contact's first name",
    var_company_name: 'Company',
    var_agent_name: 'Your name',
    var_agent_firstName: 'Your first name',
    var_queue_name: 'Queue',
  },
  cs: {
    searchLabel: 'Hledat šablony',
    searchPlaceholder: 'Název nebo slova z textu',
    treeLabel: 'Šablony',
    withoutFrame: 'Bez rámce',
    loading: 'Načítám šablony…',
    empty: 'Žádná šablona neodpovídá',
    loadFailed: 'Šablony se nepodařilo načíst',
    retry: 'Zkusit znovu',
    unknownError: 'Něco se pokazilo',
    useCount: 'Použito {count}×',
    back: 'Zpět na šablony',
    previewHeading: 'Náhled: {name}',
    previewLoading: 'Vykresluji…',
    renderFailed: 'Šablonu se nepodařilo vykreslit',
    missingHeading: 'Doplňte před vložením',
    missingHint: 'Tyto údaje stránka nezná.',
    insert: 'Vložit do odpovědi',
    inserting: 'Vkládám…',
    inserted: 'Vloženo do odpovědi: {name}',
    stillMissing: 'Doplňte: {names}',
    var_ticket_number: 'Číslo tiketu',
    var_ticket_title: 'Název tiketu',
    var_contact_name: 'Jméno kontaktu',
    var_contact_firstName: 'Křestní jméno kontaktu',
    var_company_name: 'Společnost',
    var_agent_name: 'Vaše jméno',
    var_agent_firstName: 'Vaše křestní jméno',
    var_queue_name: 'Fronta',
  },
});

/** A message key of this widget. */
export type MessageKey = CatalogKey<typeof messages>;

/** The label key of a template variable (`contact.firstName` → `var_contact_firstName`). */
export function variableLabelKey(name: string): MessageKey | null {
  const key = `var_${name.replace('.', '_')}`;
  return Object.hasOwn(messages.en, key) ? (key as MessageKey) : null;
}
