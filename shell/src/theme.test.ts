import { themeTokens } from '@switchboard/widget-sdk';
import { shellThemeCss } from './sandbox/srcdoc';
import { applyTheme } from './theme';

describe('applyTheme', () => {
  it("sets the SDK's tokens on the document, where a sandboxed widget's document copies them from", () => {
    applyTheme(document);
    const root = getComputedStyle(document.documentElement);
    expect(root.getPropertyValue('--sb-accent').trim()).toBe(themeTokens.accent.value);
    expect(root.getPropertyValue('--sb-danger-soft').trim()).toBe(themeTokens.dangerSoft.value);
    expect(shellThemeCss(document)).toContain(`--sb-text-muted: ${themeTokens.textMuted.value};`);
  });
});
