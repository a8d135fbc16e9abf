const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'page-in-page',
  entry: './src/widget.ts',
  mandatory: false,
  emits: ['email.participantsRequested'],
  listens: ['email.participants'],
  // The layout editor's field for the address the item shows (settings.url).
  settings: [{ key: 'url', kind: 'url', label: { en: 'Address in this layout', cs: 'Adresa v tomto rozvržení' } }],
  title: { en: 'Page in page', cs: 'Stránka ve stránce' },
});
