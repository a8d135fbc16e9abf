import { widgetStyles } from '@switchboard/widget-sdk';
import { css } from 'lit';

/**
 * Look shared by the widget's elements: the SDK's `widgetStyles`, then what only the Email
 * widget has (wrapping link buttons, field errors, notes, badges, dialogs, button rows).
 */
export const baseStyles = [
  widgetStyles,
  css`
    button.link {
      white-space: normal;
      text-align: left;
    }
    .invalid {
      margin: 2px 0 0;
      color: var(--sb-danger, #b42318);
      font-size: 0.929em;
    }
    .alert button:not(.primary) {
      color: var(--sb-text, #1f2328);
    }
    .note {
      margin: 8px 0;
      padding: 8px 10px;
      border: 1px solid var(--sb-border, #d0d7de);
      border-radius: var(--sb-radius, 6px);
      background: var(--sb-surface-muted, #f6f8fa);
    }
    .badge {
      padding: 0 6px;
      border-radius: 999px;
      font-size: 0.857em;
      font-weight: 600;
      background: var(--sb-badge-bg, #ddf4ff);
      color: var(--sb-badge-text, #0a3069);
    }
    dialog {
      max-width: min(32rem, 92vw);
      padding: 16px;
      border: 1px solid var(--sb-border-strong, #8c959f);
      border-radius: var(--sb-radius, 6px);
      color: inherit;
      background: var(--sb-surface, #ffffff);
      box-shadow: var(--sb-shadow, 0 8px 24px rgba(31, 35, 40, 0.2));
    }
    dialog::backdrop {
      background: rgba(31, 35, 40, 0.4);
    }
    dialog h2 {
      margin: 0 0 8px;
      font-size: 1.143em;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
  `,
];
