import { defineCatalog } from '@switchboard/widget-sdk';

/** The Page-in-page widget's UI text in every supported language; English is the fallback. */
export const messages = defineCatalog({
  en: {
    addressLabel: 'Page address',
    show: 'Show',
    useLayoutAddress: "Use the layout's address",
    reload: 'Reload',
    openInNewWindow: 'Open in new window',
    taller: 'Taller',
    shorter: 'Shorter',
    frameTitle: 'Page {host}',
    noAddress: 'Type the address of a page to show it here.',
    invalid: 'This is not a web address (https://…).',
    scheme: 'Only http and https pages can be shown.',
    sameOrigin: 'Pages of Switchboard itself cannot be shown here.',
    blocked: 'The site {host} is not allowed to be shown here. An admin can allow it; until then, open it in a new window.',
    refuseHint: 'Page stays blank? Some sites refuse to be shown inside another page: open it in a new window.',
  },
  cs: {
    addressLabel: 'Adresa stránky',
    show: 'Zobrazit',
    useLayoutAddress: 'Použít adresu z rozložení',
    reload: 'Načíst znovu',
    openInNewWindow: 'Otevřít v novém okně',
    taller: 'Vyšší',
    shorter: 'Nižší',
    frameTitle: 'Stránka {host}',
    noAddress: 'Zadejte adresu stránky, kterou chcete zde zobrazit.',
    invalid: 'Toto není webová adresa (https://…).',
    scheme: 'Zobrazit lze jen stránky http a https.',
    sameOrigin: 'Stránky samotného Switchboardu zde zobrazit nelze.',
    blocked: 'Web {host} zde zobrazit nelze. Povolit ho může správce; do té doby ho otevřete v novém okně.',
    refuseHint: 'Stránka zůstává prázdná? Některé weby se nedají zobrazit uvnitř jiné stránky: otevřete ji v novém okně.',
  },
});
