import { theme } from '@switchboard/widget-sdk';
import { css } from 'lit';

/** A table of records on a module page (held inbound mail, queue mailboxes, the dev mail sink): in a card, scrolling sideways on a narrow window, actions in the last column. */
export const recordTableStyles = css`
  .list {
    padding: 0.5rem 1rem;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.95rem;
  }
  th,
  td {
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid ${theme.border};
    text-align: left;
    vertical-align: top;
  }
  thead th {
    color: ${theme.textMuted};
    white-space: nowrap;
  }
  td.actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  td.number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  td.wrap {
    overflow-wrap: anywhere;
    max-width: 18rem;
  }
`;
