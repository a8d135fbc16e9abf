import { theme, widgetStyles } from '@switchboard/widget-sdk';
import { css } from 'lit';

/**
 * Look shared by the widget's elements: the SDK's `widgetStyles` with the Tickets widget's
 * slightly more compact buttons.
 */
export const baseStyles = [
  widgetStyles,
  css`
    button {
      min-height: 28px;
    }
    button.link {
      padding: 2px 4px;
    }
  `,
];

/** Status and priority badges, contact and company line of a ticket. */
export const ticketMetaStyles = css`
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    font-size: 0.857em;
  }
  .status-open {
    background: #dafbe1;
    color: #116329;
  }
  .status-pending {
    background: #fff8c5;
    color: #7d4e00;
  }
  .priority-normal {
    background: #ddf4ff;
    color: #0a3069;
  }
  .priority-high {
    background: #fff1e5;
    color: #953800;
  }
  .priority-urgent {
    background: #ffebe9;
    color: #a40e26;
  }
  .number {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    color: ${theme.textMuted};
  }
`;
