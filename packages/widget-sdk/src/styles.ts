import { css } from 'lit';

/**
 * The platform look for a widget's elements: host font, buttons (plain, `primary`, `danger`,
 * `link`, disabled), text fields, focus ring, icons, the visually hidden `.vh`, `.muted`,
 * `.alert` and `.skeleton`. Put it first in `static styles`, the element's own rules after it.
 * Colours are the shell's `--sb-*` custom properties; the fallbacks keep text at 4.5:1 or more
 * and control borders at 3:1 on white.
 */
export const widgetStyles = css`
  :host {
    display: block;
    font-family: var(--sb-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--sb-font-size, 14px);
    line-height: 1.4;
    color: var(--sb-text, #1f2328);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-height: 30px;
    padding: 3px 10px;
    border: 1px solid var(--sb-border-strong, #8c959f);
    border-radius: var(--sb-radius, 6px);
    background: var(--sb-surface, #ffffff);
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover {
    background: var(--sb-surface-hover, #f3f4f6);
  }
  button.primary {
    border-color: var(--sb-accent, #0b57d0);
    background: var(--sb-accent, #0b57d0);
    color: var(--sb-on-accent, #ffffff);
  }
  button.primary:hover {
    background: var(--sb-accent-strong, #0842a0);
  }
  button.danger {
    border-color: var(--sb-danger, #b42318);
    color: var(--sb-danger, #b42318);
  }
  button.danger.primary {
    background: var(--sb-danger, #b42318);
    color: var(--sb-on-accent, #ffffff);
  }
  button.link {
    min-height: 0;
    padding: 0 2px;
    border-color: transparent;
    background: transparent;
    color: var(--sb-accent, #0b57d0);
    text-decoration: underline;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    border-color: var(--sb-border, #d0d7de);
    background: var(--sb-surface-muted, #f6f8fa);
    color: var(--sb-text-muted, #59636e);
  }
  input[type='text'],
  input[type='search'],
  input[type='url'],
  select {
    min-height: 30px;
    padding: 4px 8px;
    border: 1px solid var(--sb-border-strong, #8c959f);
    border-radius: var(--sb-radius, 6px);
    background: var(--sb-surface, #ffffff);
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--sb-danger, #b42318);
  }
  :focus-visible {
    outline: 2px solid var(--sb-focus, #0b57d0);
    outline-offset: 2px;
  }
  svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--sb-text-muted, #59636e);
  }
  .alert {
    margin: 8px 0;
    padding: 8px 10px;
    border: 1px solid var(--sb-danger, #b42318);
    border-radius: var(--sb-radius, 6px);
    background: var(--sb-danger-soft, #fef3f2);
    color: var(--sb-danger, #b42318);
  }
  .alert p {
    margin: 0 0 6px;
  }
  .skeleton {
    display: block;
    height: 12px;
    margin: 6px 0;
    border-radius: 4px;
    background: var(--sb-skeleton, #eaeef2);
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;
