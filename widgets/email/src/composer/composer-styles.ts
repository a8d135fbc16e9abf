import { theme } from '@switchboard/widget-sdk';
import { css } from 'lit';

/** Layout of the composer: labelled rows, the body, the action bar and the status line. */
export const composerStyles = css`
  .fields {
    display: grid;
    gap: 6px;
    margin-bottom: 8px;
  }
  .row {
    display: grid;
    grid-template-columns: var(--email-label-width, 7.5em) 1fr;
    align-items: center;
    gap: 6px;
  }
  .row > label,
  .row > .label {
    font-weight: 600;
  }
  .row .invalid {
    grid-column: 2;
  }
  .row select,
  .row input {
    width: 100%;
    min-width: 0;
  }
  .from {
    overflow-wrap: anywhere;
  }
  sb-rich-editor {
    margin-bottom: 8px;
  }
  sb-attachments-panel {
    margin-bottom: 8px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .actions .spacer {
    flex: 1;
  }
  .important[aria-pressed='true'] {
    border-color: ${theme.important};
    background: ${theme.importantSoft};
    color: ${theme.importantText};
  }
  .important[aria-pressed='true'] svg {
    fill: currentColor;
  }
  .save-status {
    min-height: 1.4em;
    margin: 6px 0 0;
    font-size: 0.857em;
  }
  .save-status.problem {
    color: ${theme.danger};
  }
  .conflict .buttons,
  .postponed {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .postponed p {
    margin: 0;
    flex: 1;
  }
`;
