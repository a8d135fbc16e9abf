const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'contacts',
  entry: './src/widget.ts',
  mandatory: false,
  service: 'crm',
  emits: ['email.participantsRequested', 'email.composeRequested', 'contact.pairRequested', 'contact.changed'],
  listens: ['email.participants', 'contact.paired', 'contact.pairFailed'],
  title: { en: 'Contact', cs: 'Kontakt' },
});
