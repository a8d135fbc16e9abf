import { theme, widgetStyles } from '@switchboard/widget-sdk';
import { css } from 'lit';

/**
 * Look shared by the widget's elements: the SDK's `widgetStyles`, then what only the Email
 * widget has (wrapping link buttons, field errors, notes, the contact badge, dialogs, button rows).
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
      color: ${theme.danger};
      font-size: 0.929em;
    }
    .alert button:not(.primary) {
      color: ${theme.text};
    }
    .note {
      margin: 8px 0;
      padding: 8px 10px;
      border: 1px solid ${theme.border};
      border-radius: ${theme.radius};
      background: ${theme.surfaceMuted};
    }
    .badge {
      font-size: 0.857em;
      background: ${theme.accentSoft};
      color: ${theme.accentText};
    }
    dialog {
      max-width: min(32rem, 92vw);
      padding: 16px;
      border: 1px solid ${theme.borderStrong};
      border-radius: ${theme.radius};
      color: inherit;
      background: ${theme.surface};
      box-shadow: ${theme.shadow};
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
