const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'tickets',
  entry: './src/widget.ts',
  mandatory: true,
  service: 'tickets',
  emits: ['ticket.assigned', 'ticket.created', 'contact.paired', 'contact.pairFailed'],
  listens: ['contact.pairRequested', 'contact.changed', 'ticket.changed'],
  title: { en: 'Tickets', cs: 'Tikety' },
});
