import { type CatalogKey, defineCatalog } from '@switchboard/widget-sdk';

/** The widget's UI text in every supported language; English is the fallback. */
export const messages = defineCatalog({
  en: {
    heading: 'Orders of this contact',
    noContact: 'No contact yet: assign the email to a ticket to see the contact’s orders.',
    ticketNote: 'Contact of ticket #{number}',
    ordersLabel: 'Orders',
    placedOn: 'Placed on {date}',
    total: 'Total {total}',
    tracking: 'Tracking {code}',
    status_processing: 'Processing',
    status_shipped: 'Shipped',
    status_delivered: 'Delivered',
    status_returned: 'Returned',
    insert: 'Insert into reply',
    insertLabel: 'Insert order {number} into reply',
    inserted: 'Order {number} inserted into the reply',
    reply_processing: 'Your order {number} of {date} ({items}) is being prepared for shipping.',
    reply_shipped: 'Your order {number} of {date} ({items}) is on its way; the parcel’s tracking number is {tracking}.',
    reply_delivered: 'Your order {number} of {date} ({items}) was delivered (parcel {tracking}).',
    reply_returned: 'We have received the return of your order {number} of {date}; {total} will be refunded.',
  },
  cs: {
    heading: 'Objednávky tohoto kontaktu',
    noContact: 'Zatím bez kontaktu: přiřaďte e-mail k tiketu a uvidíte objednávky kontaktu.',
    ticketNote: 'Kontakt tiketu #{number}',
    ordersLabel: 'Objednávky',
    placedOn: 'Objednáno {date}',
    total: 'Celkem {total}',
    tracking: 'Zásilka {code}',
    status_processing: 'Zpracovává se',
    status_shipped: 'Odesláno',
    status_delivered: 'Doručeno',
    status_returned: 'Vráceno',
    insert: 'Vložit do odpovědi',
    insertLabel: 'Vložit objednávku {number} do odpovědi',
    inserted: 'Objednávka {number} vložena do odpovědi',
    reply_processing: 'Vaši objednávku {number} ze dne {date} ({items}) připravujeme k odeslání.',
    reply_shipped: 'Vaše objednávka {number} ze dne {date} ({items}) je na cestě, číslo zásilky je {tracking}.',
    reply_delivered: 'Vaše objednávka {number} ze dne {date} ({items}) byla doručena (zásilka {tracking}).',
    reply_returned: 'Vrácení vaší objednávky {number} ze dne {date} jsme přijali, vrátíme vám {total}.',
  },
});

/** Keys of the widget's messages. */
export type MessageKey = CatalogKey<typeof messages>;
