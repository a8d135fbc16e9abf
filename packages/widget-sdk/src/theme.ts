import { type CSSResult, unsafeCSS } from 'lit';

/** One theme token: its default value and what it is for. */
export interface ThemeToken {
  /** The value the shell sets and the fallback a widget uses outside the shell. */
  value: string;
  /** What the token colours or sizes. */
  about: string;
}

/**
 * The platform's one list of theme tokens. The shell sets each as the CSS custom property
 * `--sb-<kebab-case name>` on the document; widgets, the example and integrators read them
 * (through `theme`), so every part of the page shares one look. Text colours keep 4.5:1 or more
 * on `surface` (and `surface-muted`), control borders 3:1 on white.
 */
export const themeTokens = {
  font: { value: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", about: 'font family of all text' },
  fontSize: { value: '14px', about: "base font size of a widget's content" },
  bg: { value: '#f3f5f9', about: 'page background behind cards and widgets' },
  surface: { value: '#ffffff', about: 'background of cards, widgets, fields and plain buttons' },
  surfaceMuted: { value: '#f8fafc', about: 'background of quiet areas: toolbars, notes, disabled controls' },
  surfaceHover: { value: '#f1f5f9', about: 'background of a plain button under the pointer' },
  text: { value: '#1e293b', about: 'body text' },
  textMuted: { value: '#475569', about: 'secondary text: hints, metadata, placeholders' },
  border: { value: '#d5dbe5', about: 'dividers and card borders (decorative)' },
  borderStrong: { value: '#838d9c', about: 'borders of controls: buttons, fields (3:1 on white)' },
  accent: { value: '#1d4ed8', about: 'links, primary buttons, selected controls' },
  accentStrong: { value: '#1e40af', about: 'a primary button under the pointer' },
  accentSoft: { value: '#dbeafe', about: 'background of selected or highlighted items' },
  accentText: { value: '#1e3a8a', about: 'text on `accent-soft`' },
  onAccent: { value: '#ffffff', about: 'text on `accent` and `danger`' },
  focus: { value: '#1d4ed8', about: 'the focus ring' },
  danger: { value: '#b91c1c', about: 'errors: text, icons, invalid fields, destructive buttons' },
  dangerSoft: { value: '#fef2f2', about: 'background of an error message' },
  dangerBorder: { value: '#fca5a5', about: 'border of an error message' },
  success: { value: '#15803d', about: 'text of a success (e.g. sent)' },
  important: { value: '#a16207', about: 'border of the Important marker' },
  importantSoft: { value: '#fef9c3', about: 'background of the Important marker' },
  importantText: { value: '#854d0e', about: 'text of the Important marker' },
  star: { value: '#a16207', about: 'a favourite star' },
  highlight: { value: '#fefce8', about: 'background of a newly added row' },
  badgeBg: { value: '#e2e8f0', about: 'background of a neutral badge or chip' },
  badgeText: { value: '#334155', about: 'text of a neutral badge or chip' },
  skeleton: { value: '#e2e8f0', about: 'placeholder blocks while loading' },
  radius: { value: '10px', about: 'corner radius of cards, fields and buttons' },
  shadow: { value: '0 1px 2px rgb(15 23 42 / 6%), 0 2px 8px rgb(15 23 42 / 6%)', about: 'shadow of cards and dialogs' },
  bar: { value: '#0f172a', about: "background of the shell's top bar" },
  onBar: { value: '#f1f5f9', about: 'text on `bar`' },
  onBarMuted: { value: '#cbd5e1', about: 'secondary text and control borders on `bar`' },
  focusOnBar: { value: '#93c5fd', about: 'the focus ring on `bar`' },
} as const satisfies Record<string, ThemeToken>;

/** Name of a theme token (camelCase; its CSS property is `--sb-` and the kebab-case name). */
export type ThemeTokenName = keyof typeof themeTokens;

/** The CSS custom property of a token: `textMuted` -> `--sb-text-muted`. */
export const themeProperty = (name: ThemeTokenName): string => `--sb-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const names = Object.keys(themeTokens) as ThemeTokenName[];

/**
 * Each token as a value for Lit's `css`: `var(--sb-<name>, <default>)`, e.g.
 * ``css`color: ${theme.textMuted};` ``. A misspelt token fails typecheck, and a widget outside the
 * shell (tests, a demo page) still gets the default.
 */
export const theme = Object.fromEntries(
  names.map((name) => [name, unsafeCSS(`var(${themeProperty(name)}, ${themeTokens[name].value})`)]),
) as Record<ThemeTokenName, CSSResult>;

/** The declarations that set every token, e.g. for `:root { … }`. */
export function themeDeclarations(): string {
  return names.map((name) => `${themeProperty(name)}: ${themeTokens[name].value};`).join(' ');
}
