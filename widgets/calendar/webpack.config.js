const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'calendar',
  entry: './src/widget.ts',
  mandatory: false,
  service: 'crm',
  listens: ['contact.paired'],
  title: { en: 'Calendar', cs: 'Kalendář' },
});
