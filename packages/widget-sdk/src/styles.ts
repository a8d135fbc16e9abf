import { css } from 'lit';
import { theme } from './theme';

/**
 * What every element of the platform starts from, the shell's and the widgets' alike: the box
 * model, controls that inherit the font, the focus ring, the visually hidden `.visually-hidden`,
 * `.muted` text and the `.alert` colours (each look adds its own spacing).
 */
export const commonStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid ${theme.focus};
    outline-offset: 2px;
  }
  .visually-hidden {
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
    color: ${theme.textMuted};
  }
  .alert {
    border: 1px solid ${theme.dangerBorder};
    border-radius: ${theme.radius};
    background: ${theme.dangerSoft};
    color: ${theme.danger};
  }
`;

/**
 * The platform look for a widget's elements: `commonStyles`, then the host font, compact buttons
 * (plain, `primary`, `danger`, `link`, disabled), text fields, icons, `.alert` spacing, `.badge`
 * and `.skeleton`. Put it first in `static styles`, the element's own rules after it. Colours
 * and sizes are the theme tokens (`theme`).
 */
export const widgetStyles = [
  commonStyles,
  css`
    :host {
      display: block;
      font-family: ${theme.font};
      font-size: ${theme.fontSize};
      line-height: 1.4;
      color: ${theme.text};
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      min-height: 30px;
      padding: 3px 10px;
      border: 1px solid ${theme.borderStrong};
      border-radius: ${theme.radius};
      background: ${theme.surface};
      cursor: pointer;
      white-space: nowrap;
    }
    button:hover {
      background: ${theme.surfaceHover};
    }
    button.primary {
      border-color: ${theme.accent};
      background: ${theme.accent};
      color: ${theme.onAccent};
    }
    button.primary:hover {
      background: ${theme.accentStrong};
    }
    button.danger {
      border-color: ${theme.danger};
      color: ${theme.danger};
    }
    button.danger.primary {
      background: ${theme.danger};
      color: ${theme.onAccent};
    }
    button.link {
      min-height: 0;
      padding: 0 2px;
      border-color: transparent;
      background: transparent;
      color: ${theme.accent};
      text-decoration: underline;
    }
    button:disabled,
    button[aria-disabled='true'] {
      cursor: not-allowed;
      border-color: ${theme.border};
      background: ${theme.surfaceMuted};
      color: ${theme.textMuted};
    }
    input[type='text'],
    input[type='search'],
    input[type='url'],
    select {
      min-height: 30px;
      padding: 4px 8px;
      border: 1px solid ${theme.borderStrong};
      border-radius: ${theme.radius};
      background: ${theme.surface};
    }
    input[aria-invalid='true'],
    select[aria-invalid='true'] {
      border-color: ${theme.danger};
    }
    svg {
      width: 16px;
      height: 16px;
      flex: none;
    }
    .alert {
      margin: 8px 0;
      padding: 8px 10px;
    }
    .alert p {
      margin: 0 0 6px;
    }
    .badge {
      padding: 0 6px;
      border-radius: 999px;
      font-weight: 600;
      background: ${theme.badgeBg};
      color: ${theme.badgeText};
    }
    .skeleton {
      display: block;
      height: 12px;
      margin: 6px 0;
      border-radius: 4px;
      background: ${theme.skeleton};
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
  `,
];
