import { css } from 'lit';

/** The toolbar, the link form and the editable body, with the rules ProseMirror's view relies on. */
export const editorStyles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    padding: 4px;
    border: 1px solid var(--sb-border-strong, #8c959f);
    border-bottom: none;
    border-radius: var(--sb-radius, 6px) var(--sb-radius, 6px) 0 0;
    background: var(--sb-surface-muted, #f6f8fa);
  }
  .tool {
    min-height: 30px;
    min-width: 30px;
    padding: 3px 6px;
    justify-content: center;
    border-color: transparent;
    background: transparent;
  }
  .tool[aria-pressed='true'],
  .tool[aria-expanded='true'] {
    border-color: var(--sb-accent, #0b57d0);
    background: var(--sb-accent-soft, #e8f0fe);
    color: var(--sb-accent-text, #0842a0);
  }
  .heading-menu,
  .link-form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 6px;
    border: 1px solid var(--sb-border-strong, #8c959f);
    border-bottom: none;
    background: var(--sb-surface, #ffffff);
  }
  .level[aria-pressed='true'] {
    border-color: var(--sb-accent, #0b57d0);
    background: var(--sb-accent-soft, #e8f0fe);
  }
  .link-form input {
    flex: 1;
    min-width: 12em;
    min-height: 30px;
    padding: 4px 8px;
    border: 1px solid var(--sb-border-strong, #8c959f);
    border-radius: var(--sb-radius, 6px);
  }
  .link-form input[aria-invalid='true'] {
    border-color: var(--sb-danger, #b42318);
  }
  .link-form .invalid {
    flex-basis: 100%;
  }
  .body {
    border: 1px solid var(--sb-border-strong, #8c959f);
    border-radius: 0 0 var(--sb-radius, 6px) var(--sb-radius, 6px);
    background: var(--sb-surface, #ffffff);
  }
  .body:focus-within {
    outline: 2px solid var(--sb-focus, #0b57d0);
    outline-offset: 1px;
  }
  .ProseMirror {
    position: relative;
    min-height: 10em;
    max-height: 60vh;
    overflow-y: auto;
    padding: 8px 10px;
    outline: none;
    word-wrap: break-word;
    white-space: pre-wrap;
    white-space: break-spaces;
    font-variant-ligatures: none;
  }
  .ProseMirror p {
    margin: 0 0 0.6em;
  }
  .ProseMirror blockquote {
    margin: 0 0 0.6em;
    padding-left: 10px;
    border-left: 3px solid var(--sb-border-strong, #8c959f);
    color: var(--sb-text-muted, #59636e);
  }
  .ProseMirror pre {
    white-space: pre-wrap;
  }
  .ProseMirror li {
    position: relative;
  }
  .ProseMirror a {
    color: var(--sb-accent, #0b57d0);
  }
  .ProseMirror img.inline-image {
    max-width: 100%;
    min-width: 24px;
    min-height: 24px;
    vertical-align: bottom;
    background: var(--sb-surface-muted, #f6f8fa);
  }
  .ProseMirror-hideselection *::selection {
    background: transparent;
  }
  .ProseMirror-selectednode {
    outline: 2px solid var(--sb-focus, #0b57d0);
  }
  img.ProseMirror-separator {
    display: inline !important;
    border: none !important;
    margin: 0 !important;
  }
  .small {
    margin: 4px 0;
    font-size: 0.857em;
  }
`;
