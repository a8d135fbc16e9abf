const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'templates',
  entry: './src/widget.ts',
  mandatory: false,
  service: 'templates',
  emits: ['composer.insertHtml'],
  title: { en: 'Templates', cs: 'Šablony' },
});
