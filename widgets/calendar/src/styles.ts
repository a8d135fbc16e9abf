import { theme, widgetStyles } from '@switchboard/widget-sdk';
import { css } from 'lit';

/**
 * Look shared by the widget's elements: the SDK's `widgetStyles`, plus the date-time fields the
 * SDK does not style.
 */
export const baseStyles = [
  widgetStyles,
  css`
    input[type='datetime-local'] {
      width: 100%;
      min-width: 0;
      min-height: 30px;
      padding: 4px 8px;
      border: 1px solid ${theme.borderStrong};
      border-radius: ${theme.radius};
      background: ${theme.surface};
    }
    input[type='datetime-local'][aria-invalid='true'] {
      border-color: ${theme.danger};
    }
  `,
];
