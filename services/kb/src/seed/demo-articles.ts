import { DEMO, demoId, type KbLanguage } from '@switchboard/contracts';

/** A demo category: its key names its id (`demoId('kb-category:<key>')`). */
export interface DemoCategory {
  key: string;
  parent: string | null;
  cs: string;
  en: string;
}

/** A demo article: its key names its id (`demoId('kb-article:<key>')`); published unless a draft. */
export interface DemoArticle {
  key: string;
  category: string;
  language: KbLanguage;
  title: string;
  /** Paragraphs of the body; each becomes a `<p>`. */
  body: string[];
  /** Only Billing sees it (visibility `teams`). */
  billingOnly?: boolean;
  draft?: boolean;
}

/** The id of a demo category. */
export const demoCategoryId = (key: string) => demoId(`kb-category:${key}`);

/** The id of a demo article. */
export const demoArticleId = (key: string) => demoId(`kb-article:${key}`);

/** The demo's category tree: topics of the demo emails. */
export const DEMO_CATEGORIES: DemoCategory[] = [
  { key: 'orders', parent: null, cs: 'Objednávky', en: 'Orders' },
  { key: 'delivery', parent: 'orders', cs: 'Doprava a doručení', en: 'Shipping and delivery' },
  { key: 'returns', parent: 'orders', cs: 'Reklamace a vrácení', en: 'Complaints and returns' },
  { key: 'billing', parent: null, cs: 'Fakturace a platby', en: 'Billing and payments' },
  { key: 'account', parent: null, cs: 'Účet a přihlášení', en: 'Account and login' },
  { key: 'devices', parent: null, cs: 'Zařízení a software', en: 'Devices and software' },
];

/** The Billing team's id: its articles are visible to Billing only. */
export const DEMO_BILLING_TEAM = DEMO.teams.billing.id;

/** The demo's articles, in Czech and English, about what the demo's customers write. */
export const DEMO_ARTICLES: DemoArticle[] = [
  {
    key: 'laptop-update', category: 'devices', language: 'en', title: 'Laptop stopped working after update',
    body: [
      'If a laptop stopped working, will not start or shows a black or flickering screen after a system update, the update usually did not finish installing its drivers.',
      'Ask the customer to hold the power button for 15 seconds, unplug the charger, wait a minute and start the laptop again. Most laptops then finish the update on their own.',
      'If the screen stays black, start in safe mode (hold Shift while choosing Restart) and roll back the last update under Settings > Update > Update history > Uninstall updates.',
      'When none of this helps, offer a repair under warranty: the laptop is picked up by courier and repaired within 14 days.',
    ],
  },
  {
    key: 'notebook-aktualizace', category: 'devices', language: 'cs', title: 'Notebook po aktualizaci nefunguje',
    body: [
      'Když notebook po aktualizaci systému nenaběhne nebo bliká či zhasíná obrazovka, aktualizace většinou nedokončila instalaci ovladačů.',
      'Poraďte zákazníkovi podržet vypínač 15 sekund, odpojit nabíječku, minutu počkat a notebook znovu zapnout.',
      'Pokud obrazovka zůstane černá, spusťte nouzový režim a poslední aktualizaci odinstalujte v Nastavení > Aktualizace > Historie aktualizací.',
      'Když nic nepomůže, nabídněte záruční opravu: kurýr notebook vyzvedne a oprava trvá do 14 dnů.',
    ],
  },
  {
    key: 'screen-flicker', category: 'devices', language: 'en', title: 'Screen flickers or goes black',
    body: [
      'A flickering screen is most often a loose display cable or an outdated graphics driver.',
      'Ask for a screenshot or a short video, update the graphics driver and lower the refresh rate to 60 Hz. If the screen still flickers, it is a hardware fault covered by the warranty.',
    ],
  },
  {
    key: 'reklamace-zbozi', category: 'returns', language: 'cs', title: 'Reklamace zboží',
    body: [
      'Zákazník může reklamovat vadné zboží do 24 měsíců od převzetí. Reklamaci vyřídíme nejpozději do 30 dnů.',
      'Požádejte o číslo objednávky, popis vady a fotografii. Zboží zákazník pošle na naši adresu nebo ho předá kurýrovi, kterého objednáme zdarma.',
      'Uznanou reklamaci řešíme opravou, výměnou, nebo vrácením peněz, pokud oprava ani výměna není možná.',
    ],
  },
  {
    key: 'nabijecka', category: 'returns', language: 'cs', title: 'Nefunkční nabíječka: výměna nebo vrácení peněz',
    body: [
      'Nabíječka, která přestala fungovat během záruky, se vyměňuje bez opravy: pošleme novou hned, jak zákazník vadnou nabíječku odešle.',
      'Pokud zákazník o výměnu nestojí, vrátíme peníze na účet do 14 dnů od přijetí vadného kusu.',
    ],
  },
  {
    key: 'complaint', category: 'returns', language: 'en', title: 'Complaints about faulty goods',
    body: [
      'Customers may complain about faulty goods within 24 months of delivery; we settle every complaint within 30 days.',
      'Ask for the order number, a description of the fault and a photo. We send a courier for the goods free of charge.',
    ],
  },
  {
    key: 'wrong-item', category: 'returns', language: 'en', title: 'Wrong item in the package: how to send it back',
    body: [
      'If a customer received a different item, colour or size than ordered, apologise and send the right item at once; do not wait for the wrong one to come back.',
      'Email the customer a prepaid return label. The wrong item goes back in its original package within 30 days.',
    ],
  },
  {
    key: 'vraceni', category: 'returns', language: 'cs', title: 'Vrácení zboží do 14 dnů',
    body: [
      'Zboží koupené přes e-shop může zákazník vrátit bez udání důvodu do 14 dnů od převzetí.',
      'Peníze vracíme stejnou cestou, jakou zákazník platil, do 14 dnů od doručení vráceného zboží.',
    ],
  },
  {
    key: 'where-is-order', category: 'delivery', language: 'en', title: 'Order not delivered yet: where is my parcel?',
    body: [
      'Look the order up by its number and open the carrier tracking link. Parcels usually arrive within 2 working days of dispatch.',
      'If tracking has not moved for 3 days, open a claim with the carrier and offer to send the order again.',
    ],
  },
  {
    key: 'doruceni', category: 'delivery', language: 'cs', title: 'Objednávka nedorazila',
    body: [
      'Dohledejte objednávku podle čísla a otevřete odkaz na sledování zásilky. Balík obvykle dorazí do 2 pracovních dnů od odeslání.',
      'Pokud se stav zásilky 3 dny nezměnil, podejte reklamaci u dopravce a nabídněte nové odeslání.',
    ],
  },
  {
    key: 'cancel-order', category: 'orders', language: 'en', title: 'Cancel an order',
    body: [
      'An order that has not shipped yet can be cancelled in the order system with one click; the payment is refunded within 3 working days.',
      'Once the order has shipped, the customer returns it instead (14 days without giving a reason).',
    ],
  },
  {
    key: 'zruseni', category: 'orders', language: 'cs', title: 'Zrušení objednávky',
    body: [
      'Objednávku, která ještě nebyla odeslána, zrušíte v objednávkovém systému. Platbu vrátíme do 3 pracovních dnů.',
      'Odeslanou objednávku už zrušit nelze; zákazník ji může vrátit do 14 dnů.',
    ],
  },
  {
    key: 'charged-twice', category: 'billing', language: 'en', title: 'Invoice charged twice: refund the second payment',
    body: [
      'A double charge is usually a card payment that was authorised twice. Check both payments in the payment gateway.',
      'Refund the second payment to the same card; the refund reaches the account within 5 working days.',
    ],
    billingOnly: true,
  },
  {
    key: 'refunds', category: 'billing', language: 'en', title: 'Refunds: how long they take',
    body: ['Refunds go back the way the customer paid: cards within 5 working days, bank transfers within 3.'],
  },
  {
    key: 'faktura-cislo', category: 'billing', language: 'cs', title: 'Oprava faktury: chybí číslo objednávky',
    body: [
      'Pokud na faktuře chybí číslo objednávky nebo je chybné, vystavte opravný daňový doklad a pošlete ho zákazníkovi e-mailem.',
      'Původní faktura zůstává platná; opravená verze se na ni odkazuje.',
    ],
  },
  {
    key: 'billing-address', category: 'billing', language: 'en', title: 'Change of billing address',
    body: [
      'A company can change its billing address for the next invoices at any time; invoices already issued keep the old address.',
      'The company ID (IČO) and VAT ID stay the same; update the address in the CRM and confirm the change to the customer.',
    ],
  },
  {
    key: 'subscription', category: 'billing', language: 'en', title: 'Subscription plans and upgrades',
    body: [
      'The yearly plan includes email and phone support; the monthly plan includes email support only.',
      'A customer can upgrade at any time: the rest of the current period is credited to the new plan.',
    ],
  },
  {
    key: 'password-reset', category: 'account', language: 'en', title: 'Cannot log in: the password reset email never arrives',
    body: [
      'Ask the customer to check the spam folder and that the address is the one of the account.',
      'If the reset email still does not arrive, send a new link from the admin console; it is valid for one hour.',
    ],
  },
  {
    key: 'two-factor', category: 'account', language: 'en', title: 'Two-factor codes do not work',
    body: [
      'Two-factor codes fail most often because the phone clock is wrong: ask the customer to set the time automatically.',
      'A customer who lost the phone signs in with a backup code; without one, verify their identity and reset two-factor authentication.',
    ],
  },
  {
    key: 'dvoufazove', category: 'account', language: 'cs', title: 'Dvoufázové ověření: kód nefunguje',
    body: [
      'Kód z aplikace nejčastěji nefunguje kvůli špatně nastavenému času v telefonu. Poraďte zákazníkovi nastavit čas automaticky.',
      'Kdo ztratil telefon, přihlásí se záložním kódem; jinak ověřte totožnost a dvoufázové ověření vypněte.',
    ],
  },
  {
    key: 'damaged-goods', category: 'delivery', language: 'en', title: 'Goods damaged in transit',
    body: [
      'Ask for photos of the package and the damaged goods and keep the package for the carrier.',
      'Send a replacement at once; we settle the damage with the carrier ourselves.',
    ],
  },
  {
    key: 'poskozena-zasilka', category: 'delivery', language: 'cs', title: 'Poškozená zásilka',
    body: [
      'Požádejte o fotografie obalu i poškozeného zboží a obal si nechte pro dopravce.',
      'Náhradní zboží pošlete hned; škodu s dopravcem vyřídíme sami.',
    ],
  },
  {
    key: 'new-return-policy', category: 'returns', language: 'en', title: 'Return policy for 2027 (draft)',
    body: ['From January, returns of opened software are no longer accepted.'],
    draft: true,
  },
];
