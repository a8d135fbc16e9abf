import type { Catalog } from '@switchboard/widget-sdk';

const en = {
  heading: 'Email',
  noTicket: 'No ticket assigned yet',
  composerNote: 'The composer arrives in a later release.',
};

/** Keys of the Email widget's messages. */
export type MessageKey = keyof typeof en;

/** The Email widget's UI text in every supported language. */
export const messages: Catalog<MessageKey> = {
  en,
  cs: {
    heading: 'E-mail',
    noTicket: 'Zatím není přiřazen žádný tiket',
    composerNote: 'Editor e-mailu přijde v některé z dalších verzí.',
  },
};
