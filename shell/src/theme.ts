import { themeDeclarations } from '@switchboard/widget-sdk';

/**
 * Sets the platform's theme tokens (the SDK's `themeTokens`) on the document, so the shell's
 * elements, every widget and a sandboxed widget's document (it copies the `:root` rule) share
 * one look.
 */
export function applyTheme(doc: Document = document): void {
  const style = doc.createElement('style');
  style.dataset.sbTheme = '';
  style.textContent = `:root { ${themeDeclarations()} color-scheme: light; }`;
  doc.head.prepend(style);
}
