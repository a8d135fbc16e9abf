const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'page-in-page',
  entry: './src/widget.ts',
  mandatory: false,
  emits: ['email.participantsRequested'],
  listens: ['email.participants'],
  title: { en: 'Page in page', cs: 'Stránka ve stránce' },
});
