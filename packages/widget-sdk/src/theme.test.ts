/** @jest-environment @happy-dom/jest-environment */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { theme, themeDeclarations, themeProperty, themeTokens } from './theme';

describe('theme tokens', () => {
  it('name each CSS property after its token', () => {
    expect(themeProperty('text')).toBe('--sb-text');
    expect(themeProperty('textMuted')).toBe('--sb-text-muted');
    expect(themeProperty('focusOnBar')).toBe('--sb-focus-on-bar');
  });

  it('read a token with its default as the fallback', () => {
    expect(theme.accent.cssText).toBe(`var(--sb-accent, ${themeTokens.accent.value})`);
    expect(theme.fontSize.cssText).toBe('var(--sb-font-size, 14px)');
  });

  it('set every token, once', () => {
    const declarations = themeDeclarations();
    for (const name of Object.keys(themeTokens) as Array<keyof typeof themeTokens>) {
      expect(declarations.split(`${themeProperty(name)}:`)).toHaveLength(2);
    }
    expect(declarations).toContain('--sb-danger-soft: #fef2f2;');
  });

  it('are documented in the README with their defaults', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const [name, token] of Object.entries(themeTokens)) {
      expect(readme).toContain(`| \`${themeProperty(name as keyof typeof themeTokens)}\` | \`${name}\` | ${token.about} | \`${token.value}\` |`);
    }
  });
});
