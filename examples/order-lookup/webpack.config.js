const { widgetConfig } = require('@switchboard/widget-sdk/webpack/preset.cjs');

/**
 * What the shell enforces for this widget: it runs sandboxed (an iframe with an opaque origin,
 * reaching the page only through the host API), may emit only the events in `emits` and hears
 * only those in `listens` (HostController follows `context.changed` and `locale.changed`).
 */
const declarations = {
  untrusted: true,
  emits: ['composer.insertText'],
  listens: ['context.changed', 'locale.changed'],
};

module.exports = widgetConfig({
  dir: __dirname,
  name: 'order-lookup',
  entry: './src/widget.ts',
  mandatory: false,
  title: { en: 'Order lookup', cs: 'Objednávky' },
  ...declarations,
});
