const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'email',
  entry: './src/widget.ts',
  mandatory: true,
  service: 'mail',
  services: ['mail', 'templates'],
  emits: ['email.changed', 'ticket.assigned', 'ticket.changed', 'email.participants', 'email.topic'],
  listens: ['ticket.assigned', 'composer.insertText', 'composer.insertHtml', 'email.participantsRequested', 'email.topicRequested', 'email.composeRequested', 'contact.paired'],
  // remoteEntry.js and the first chunks, brotli as served (18.2 KiB when set, with webpack's own
  // federation runtime, decision 0020): the composer loads on demand.
  firstLoadBudgetKiB: 20,
  title: { en: 'Email', cs: 'E-mail' },
});
