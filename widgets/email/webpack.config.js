const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

module.exports = widgetConfig({
  dir: __dirname,
  name: 'email',
  entry: './src/widget.ts',
  mandatory: true,
  service: 'mail',
  title: { en: 'Email', cs: 'E-mail' },
});
