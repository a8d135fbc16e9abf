import { theme } from '@switchboard/widget-sdk';
import { css } from 'lit';

/** The chips box, its input, the suggestion list and the messages of a recipient field. */
export const recipientFieldStyles = css`
  .row {
    display: grid;
    grid-template-columns: var(--email-label-width, 7.5em) 1fr auto;
    align-items: start;
    gap: 6px;
  }
  label {
    padding-top: 6px;
    font-weight: 600;
  }
  .box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    min-height: 32px;
    padding: 2px 4px;
    border: 1px solid ${theme.borderStrong};
    border-radius: ${theme.radius};
    background: ${theme.surface};
    cursor: text;
  }
  .box:focus-within {
    outline: 2px solid ${theme.focus};
    outline-offset: 1px;
  }
  .box.invalid-box {
    border-color: ${theme.danger};
  }
  ul {
    display: contents;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .chip {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 4px;
    max-width: 100%;
    padding: 0 2px 0 8px;
    border-radius: 12px;
    background: ${theme.badgeBg};
  }
  .chip > * {
    flex: none;
  }
  .chip .address {
    flex: 0 1 auto;
    min-width: 0;
    overflow-wrap: anywhere;
    color: ${theme.textMuted};
  }
  .chip button {
    min-height: 22px;
    min-width: 22px;
    padding: 0;
    justify-content: center;
    border-color: transparent;
    border-radius: 999px;
    background: transparent;
  }
  .box input {
    flex: 1;
    min-width: 10em;
    min-height: 26px;
    padding: 2px 4px;
    border: none;
    outline: none;
    background: transparent;
  }
  .messages {
    grid-column: 2 / 4;
  }
  .suggestions {
    grid-column: 2 / 4;
    margin: 0;
    padding: 4px;
    border: 1px solid ${theme.border};
    border-radius: ${theme.radius};
    background: ${theme.surface};
  }
  .suggestions ul {
    display: grid;
    gap: 2px;
  }
  .suggestion {
    width: 100%;
    justify-content: flex-start;
    flex-wrap: wrap;
    border-color: transparent;
    white-space: normal;
    text-align: left;
  }
  .suggestion .reason {
    margin-left: auto;
    font-size: 0.857em;
    color: ${theme.textMuted};
  }
  .suggestions p {
    margin: 4px;
  }
`;
