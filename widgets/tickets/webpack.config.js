const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'tickets',
  entry: './src/widget.ts',
  mandatory: true,
  service: 'tickets',
  emits: ['ticket.assigned', 'ticket.created', 'contact.paired', 'contact.pairFailed'],
  listens: ['contact.pairRequested', 'contact.changed', 'ticket.changed'],
  // remoteEntry.js and the first chunks, brotli as served (9.9 KiB when set, with webpack's own
  // federation runtime, decision 0020).
  firstLoadBudgetKiB: 11,
  title: { en: 'Tickets', cs: 'Tikety' },
});
