const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'articles',
  entry: './src/widget.ts',
  mandatory: false,
  service: 'kb',
  emits: ['composer.insertText', 'email.topicRequested'],
  listens: ['email.topic'],
  title: { en: 'Articles', cs: 'Články' },
});
