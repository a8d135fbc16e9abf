import { css } from 'lit';

/** Base styles of every shell element: box model, focus ring, buttons, links, cards. Colours come from index.html. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--sb-focus);
    outline-offset: 2px;
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  a {
    color: var(--sb-primary);
    text-underline-offset: 2px;
  }
  a:hover {
    color: var(--sb-primary-hover);
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    padding: 0.4rem 0.9rem;
    border: 1px solid var(--sb-border);
    border-radius: 8px;
    background: var(--sb-surface);
    color: var(--sb-text);
    cursor: pointer;
    font-weight: 600;
  }
  button:hover {
    border-color: var(--sb-text-muted);
  }
  button:disabled {
    cursor: progress;
    opacity: 0.75;
  }
  button.primary {
    background: var(--sb-primary);
    border-color: var(--sb-primary);
    color: var(--sb-on-primary);
  }
  button.primary:hover {
    background: var(--sb-primary-hover);
  }
  .card {
    background: var(--sb-surface);
    border: 1px solid var(--sb-border);
    border-radius: var(--sb-radius);
    box-shadow: var(--sb-shadow);
  }
  .muted {
    color: var(--sb-text-muted);
  }
  .alert {
    margin: 0;
    padding: 0.75rem 1rem;
    border: 1px solid var(--sb-danger-border);
    border-left-width: 4px;
    border-radius: 8px;
    background: var(--sb-danger-bg);
    color: var(--sb-danger-text);
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
`;

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
