const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'companies',
  entry: './src/widget.ts',
  mandatory: false,
  service: 'crm',
  emits: ['email.participantsRequested'],
  listens: ['email.participants', 'contact.paired'],
  title: { en: 'Company', cs: 'Společnost' },
});
