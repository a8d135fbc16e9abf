import { theme } from '@switchboard/widget-sdk';
import { css } from 'lit';

/** The template picker: a panel under the toolbar, the list, the highlighted answer and its preview. */
export const templatePickerStyles = css`
  :host {
    display: block;
  }
  .picker {
    border: 1px solid ${theme.borderStrong};
    border-top: 0;
    padding: 6px 8px;
    display: grid;
    gap: 6px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: 12em;
    overflow: auto;
  }
  li {
    padding: 3px 6px;
    border-radius: ${theme.radius};
    cursor: pointer;
  }
  li[aria-selected='true'] {
    background: ${theme.accentSoft};
    color: ${theme.accentText};
  }
  .preview {
    border: 1px solid ${theme.border};
    border-radius: ${theme.radius};
    padding: 4px 8px;
    max-height: 14em;
    overflow: auto;
  }
  .preview mark {
    background: #fff8c5;
    color: #4d2d00;
  }
  form {
    display: grid;
    gap: 4px;
  }
  h4 {
    margin: 0;
  }
  .close {
    justify-self: end;
  }
`;
