import type { KbLanguage } from '@switchboard/contracts';
import type { DemoArticle } from './demo-articles';

// The bulk of the demo's knowledge base (issue 11: about 200 articles): topic templates filled
// with each product, carrier or payment method, in Czech and English, deterministically (the same
// keys, titles and bodies on every seed). Their words stay clear of the hand-written articles'
// own topics, so that those still come first for the demo emails and the search-quality queries.

/** Something a template is filled with: its key and its name in each language. */
interface Subject {
  key: string;
  name: Record<KbLanguage, string>;
}

/** A topic: a title and paragraphs per language, `{name}` standing for the subject's name. */
interface Template {
  key: string;
  category: string;
  title: Record<KbLanguage, string>;
  body: Record<KbLanguage, string[]>;
}

const PRODUCTS: Subject[] = [
  { key: 'vega-tab', name: { en: 'the Vega Tab 10 tablet', cs: 'tablet Vega Tab 10' } },
  { key: 'orbit-phone', name: { en: 'the Orbit 5 phone', cs: 'telefon Orbit 5' } },
  { key: 'sono-buds', name: { en: 'the Sono Buds headphones', cs: 'sluchátka Sono Buds' } },
  { key: 'pulse-watch', name: { en: 'the Pulse Watch 2', cs: 'hodinky Pulse Watch 2' } },
  { key: 'inkline-printer', name: { en: 'the Inkline P300 printer', cs: 'tiskárna Inkline P300' } },
  { key: 'meshpoint-router', name: { en: 'the Meshpoint R4 router', cs: 'router Meshpoint R4' } },
];

const CARRIERS: Subject[] = [
  { key: 'ppl', name: { en: 'PPL', cs: 'PPL' } },
  { key: 'dpd', name: { en: 'DPD', cs: 'DPD' } },
  { key: 'gls', name: { en: 'GLS', cs: 'GLS' } },
  { key: 'ceska-posta', name: { en: 'Czech Post', cs: 'Česká pošta' } },
  { key: 'pickup-box', name: { en: 'the pickup box network', cs: 'síť výdejních boxů' } },
];

const PAYMENT_METHODS: Subject[] = [
  { key: 'card', name: { en: 'card payment', cs: 'platba kartou' } },
  { key: 'bank-transfer', name: { en: 'bank transfer', cs: 'bankovní převod' } },
  { key: 'cash-on-delivery', name: { en: 'cash on delivery', cs: 'dobírka' } },
  { key: 'instalments', name: { en: 'instalments', cs: 'splátky' } },
  { key: 'gift-voucher', name: { en: 'gift voucher', cs: 'dárkový poukaz' } },
];

const PRODUCT_TEMPLATES: Template[] = [
  {
    key: 'battery', category: 'devices',
    title: { en: 'Battery drains quickly: {name}', cs: 'Baterie se rychle vybíjí: {name}' },
    body: {
      en: ['When {name} runs out of power within hours, check which apps use the battery in the power settings.', 'Turn off background sync for rarely used apps and let the battery run down fully once to calibrate it.'],
      cs: ['Když {name} vydrží jen pár hodin, zjistěte v nastavení napájení, které aplikace spotřebovávají nejvíc energie.', 'Vypněte synchronizaci na pozadí u málo používaných aplikací a jednou nechte baterii úplně vybít, aby se zkalibrovala.'],
    },
  },
  {
    key: 'pairing', category: 'devices',
    title: { en: 'Bluetooth pairing: {name}', cs: 'Párování přes Bluetooth: {name}' },
    body: {
      en: ['To pair {name}, switch on Bluetooth, hold the pairing button for five seconds and pick the device in the list.', 'If it does not appear, remove the old pairing from the list and try again within a metre of each other.'],
      cs: ['Pro spárování: {name} zapněte, podržte párovací tlačítko pět sekund a vyberte zařízení v seznamu.', 'Pokud se v seznamu neobjeví, smažte staré spárování a zkuste to znovu do vzdálenosti jednoho metru.'],
    },
  },
  {
    key: 'first-setup', category: 'devices',
    title: { en: 'First setup: {name}', cs: 'První nastavení: {name}' },
    body: {
      en: ['Charge {name} fully before the first use, then follow the setup assistant and sign in with the customer account.', 'The quick start guide in the box lists the default settings; the full manual is on the product page.'],
      cs: ['Před prvním použitím nabijte {name} do plna, pak projděte průvodce nastavením a přihlaste se zákaznickým účtem.', 'Výchozí nastavení popisuje stručný návod v balení; celý manuál najdete na stránce produktu.'],
    },
  },
  {
    key: 'firmware', category: 'devices',
    title: { en: 'Installing new firmware: {name}', cs: 'Instalace nového firmwaru: {name}' },
    body: {
      en: ['New firmware for {name} comes through the companion app; keep the device charged above half while it installs.', 'If the installation is interrupted, restart the device and the app offers the firmware again.'],
      cs: ['Nový firmware pro {name} nabízí doprovodná aplikace; během instalace mějte zařízení nabité alespoň napůl.', 'Pokud se instalace přeruší, restartujte zařízení a aplikace firmware nabídne znovu.'],
    },
  },
  {
    key: 'factory-reset', category: 'devices',
    title: { en: 'Factory reset: {name}', cs: 'Obnovení továrního nastavení: {name}' },
    body: {
      en: ['A factory reset erases all data on {name}: ask the customer to back up photos and contacts first.', 'The reset is in the system settings under General; the device restarts into the setup assistant.'],
      cs: ['Obnovení továrního nastavení smaže všechna data: {name} je pak jako nové, proto si zákazník nejdřív zálohuje fotky a kontakty.', 'Obnovení je v nastavení systému v části Obecné; zařízení se restartuje do průvodce nastavením.'],
    },
  },
  {
    key: 'warranty', category: 'devices',
    title: { en: 'Warranty service: {name}', cs: 'Záruční servis: {name}' },
    body: {
      en: ['The warranty for {name} covers manufacturing faults for two years; accidental drops and water are not covered.', 'Book a courier pickup in the customer portal; the service centre reports its findings within five working days.'],
      cs: ['Záruka na {name} kryje výrobní vady dva roky; pád ani zatečení vody záruka nepokrývá.', 'Vyzvednutí kurýrem si zákazník objedná v zákaznickém portálu; servis pošle výsledek do pěti pracovních dnů.'],
    },
  },
  {
    key: 'accessories', category: 'devices',
    title: { en: 'Compatible accessories: {name}', cs: 'Kompatibilní příslušenství: {name}' },
    body: {
      en: ['Cases, cables and adapters for {name} are listed on the product page under Accessories.', 'Third-party accessories work as long as they follow the USB-C standard; they are not covered by our warranty.'],
      cs: ['Obaly, kabely a adaptéry pro {name} najdete na stránce produktu v části Příslušenství.', 'Příslušenství jiných výrobců funguje, pokud odpovídá standardu USB-C; naše záruka se na ně nevztahuje.'],
    },
  },
  {
    key: 'connectivity', category: 'devices',
    title: { en: 'Wi-Fi keeps disconnecting: {name}', cs: 'Wi-Fi se odpojuje: {name}' },
    body: {
      en: ['When {name} drops the Wi-Fi connection, forget the network and join it again with the password typed anew.', 'Switching the home router to a fixed channel and the 5 GHz band usually keeps the connection stable.'],
      cs: ['Když {name} ztrácí spojení s Wi-Fi, odeberte síť ze seznamu a připojte se k ní znovu s nově zadaným heslem.', 'Pevný kanál a pásmo 5 GHz na domácím routeru spojení většinou ustálí.'],
    },
  },
];

const CARRIER_TEMPLATES: Template[] = [
  {
    key: 'delivery-times', category: 'delivery',
    title: { en: 'Delivery times with {name}', cs: 'Doba doručení: {name}' },
    body: {
      en: ['Packages sent with {name} usually arrive the next working day; to Slovakia within two working days.', 'Orders placed before 2 pm leave our warehouse the same day.'],
      cs: ['Balíky přes {name} obvykle přijdou následující pracovní den, na Slovensko do dvou pracovních dnů.', 'Objednávky zadané do 14 hodin odesíláme ze skladu ještě týž den.'],
    },
  },
  {
    key: 'redirect', category: 'delivery',
    title: { en: 'Changing the delivery address with {name}', cs: 'Změna adresy doručení: {name}' },
    body: {
      en: ['Once a package is handed to {name}, the customer can change the address or the day in the link from the carrier’s text message.', 'Before dispatch we change the address ourselves: note it in the ticket and tag it for the warehouse.'],
      cs: ['Jakmile balík převezme {name}, adresu nebo den doručení si zákazník změní přes odkaz v SMS od dopravce.', 'Před odesláním adresu změníme sami: poznamenejte ji do tiketu a označte ji pro sklad.'],
    },
  },
  {
    key: 'abroad', category: 'delivery',
    title: { en: 'Shipping abroad with {name}', cs: 'Doprava do zahraničí: {name}' },
    body: {
      en: ['{name} delivers to all EU countries; outside the EU customs duties are paid by the recipient.', 'The shipping fee abroad is shown in the basket before payment.'],
      cs: ['Do všech zemí EU doručuje {name}; mimo EU platí clo příjemce.', 'Cenu dopravy do zahraničí zákazník uvidí v košíku před zaplacením.'],
    },
  },
  {
    key: 'pickup', category: 'delivery',
    title: { en: 'Collecting a package from {name}', cs: 'Vyzvednutí balíku: {name}' },
    body: {
      en: ['A package waits for collection with {name} for seven days; the customer gets a PIN by text message and email.', 'After seven days the package comes back to us and we send it again for free once.'],
      cs: ['Na výdejním místě ({name}) čeká balík sedm dní; PIN přijde zákazníkovi v SMS a e-mailem.', 'Po sedmi dnech se balík vrátí k nám a jednou ho zašleme znovu zdarma.'],
    },
  },
];

const PAYMENT_TEMPLATES: Template[] = [
  {
    key: 'how-to-pay', category: 'billing',
    title: { en: 'Paying by {name}', cs: 'Jak zaplatit: {name}' },
    body: {
      en: ['Customers choose {name} in the last step of the checkout; the order is confirmed as soon as the payment is accepted.', 'For company purchases the VAT number is filled in on the same page.'],
      cs: ['Zákazník zvolí možnost {name} v posledním kroku košíku; objednávku potvrdíme, jakmile platbu přijmeme.', 'Při nákupu na firmu se DIČ vyplňuje na stejné stránce.'],
    },
  },
  {
    key: 'payment-failed', category: 'billing',
    title: { en: 'Payment declined: {name}', cs: 'Platba zamítnuta: {name}' },
    body: {
      en: ['When {name} is declined, the order stays reserved for three days so the customer can pay again from the order page.', 'Declines come from the bank or provider; we do not see the reason, the customer’s bank does.'],
      cs: ['Když banka platbu zamítne (způsob {name}), zboží zůstane tři dny rezervované a zákazník může zaplatit znovu ze stránky objednávky.', 'Zamítnutí přichází od banky nebo poskytovatele; důvod nevidíme my, ale banka zákazníka.'],
    },
  },
  {
    key: 'payment-fees', category: 'billing',
    title: { en: 'Fees for {name}', cs: 'Poplatky: {name}' },
    body: {
      en: ['We charge no fee for {name} within the Czech Republic; foreign banks may charge their own.', 'The total with any fee is shown before the customer confirms the order.'],
      cs: ['Za možnost {name} v rámci Česka nic neúčtujeme; zahraniční banky si mohou účtovat vlastní poplatek.', 'Celková částka včetně poplatků se ukáže před potvrzením nákupu.'],
    },
  },
  {
    key: 'payment-confirmation', category: 'billing',
    title: { en: 'Payment confirmation for {name}', cs: 'Potvrzení platby: {name}' },
    body: {
      en: ['A confirmation of {name} arrives by email within an hour of the payment being accepted.', 'If it does not, check the spam folder, then the order history in the customer account.'],
      cs: ['Potvrzení (způsob {name}) přijde e-mailem do hodiny od přijetí platby.', 'Pokud nepřijde, ať zákazník zkontroluje spam a pak historii nákupů v zákaznickém účtu.'],
    },
  },
];

const LANGUAGES: KbLanguage[] = ['en', 'cs'];

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Fills `{name}`, capitalizing it at the start of a sentence. */
function fill(text: string, name: string): string {
  return text.replace(/(^|[.!?] )\{name\}/g, (_, before: string) => before + capitalized(name)).replace(/\{name\}/g, name);
}

function articlesOf(templates: Template[], subjects: Subject[]): DemoArticle[] {
  return templates.flatMap((t) =>
    subjects.flatMap((s) =>
      LANGUAGES.map((language) => ({
        key: `gen-${t.key}-${s.key}-${language}`,
        category: t.category,
        language,
        title: fill(t.title[language], s.name[language]),
        body: t.body[language].map((p) => fill(p, s.name[language])),
      })),
    ),
  );
}

/** The generated demo articles: every topic with every subject, in Czech and English (176). */
export const GENERATED_DEMO_ARTICLES: DemoArticle[] = [
  ...articlesOf(PRODUCT_TEMPLATES, PRODUCTS),
  ...articlesOf(CARRIER_TEMPLATES, CARRIERS),
  ...articlesOf(PAYMENT_TEMPLATES, PAYMENT_METHODS),
];
