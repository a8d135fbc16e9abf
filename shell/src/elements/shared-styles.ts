import { commonStyles, theme } from '@switchboard/widget-sdk';
import { css } from 'lit';

/**
 * Base styles of every shell element: the SDK's `commonStyles`, then the shell's wider focus
 * ring, headings, links, buttons, cards, alerts, term/value lists (`dl`) and lists of rows
 * (`ul.rows`). Colours are the theme tokens (src/theme.ts).
 */
export const sharedStyles = [
  commonStyles,
  css`
    :focus-visible {
      outline-width: 3px;
    }
    h1,
    h2,
    h3 {
      margin: 0;
      line-height: 1.25;
    }
    a {
      color: ${theme.accent};
      text-underline-offset: 2px;
    }
    a:hover {
      color: ${theme.accentStrong};
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      min-height: 2.25rem;
      padding: 0.4rem 0.9rem;
      border: 1px solid ${theme.border};
      border-radius: 8px;
      background: ${theme.surface};
      color: ${theme.text};
      cursor: pointer;
      font-weight: 600;
    }
    button:hover {
      border-color: ${theme.textMuted};
    }
    button:disabled {
      cursor: progress;
      opacity: 0.75;
    }
    button.primary {
      background: ${theme.accent};
      border-color: ${theme.accent};
      color: ${theme.onAccent};
    }
    button.primary:hover {
      background: ${theme.accentStrong};
    }
    .card {
      background: ${theme.surface};
      border: 1px solid ${theme.border};
      border-radius: ${theme.radius};
      box-shadow: ${theme.shadow};
    }
    .alert {
      margin: 0;
      padding: 0.75rem 1rem;
      border-left-width: 4px;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
      margin: 0;
    }
    dt {
      color: ${theme.textMuted};
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    ul.rows {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    ul.rows > li + li {
      border-top: 1px solid ${theme.border};
    }
  `,
];

/** Layout of a module page (ticket, journey): a centred column with a back link on top. */
export const modulePageStyles = css`
  :host {
    display: block;
    max-width: 48rem;
    margin: 0 auto;
    padding: 1.5rem 1.25rem;
  }
  .back {
    display: inline-block;
    margin-bottom: 1rem;
    font-weight: 600;
  }
`;

/** The form of an editor page (KB article, template, macro): labelled fields in a column, rows of short ones, actions below. */
export const editorFormStyles = css`
  form {
    display: grid;
    gap: 0.9rem;
    padding: 1.5rem;
  }
  label,
  fieldset {
    display: grid;
    gap: 0.3rem;
    font-weight: 600;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 0;
  }
  fieldset label {
    display: flex;
    gap: 0.4rem;
    font-weight: 400;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
  }
  .actions {
    display: flex;
    gap: 0.6rem;
    align-items: center;
  }
  .alert button {
    margin-left: 0.75rem;
  }
`;
