import { theme } from '@switchboard/widget-sdk';
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
    border: 1px solid ${theme.borderStrong};
    border-bottom: none;
    border-radius: ${theme.radius} ${theme.radius} 0 0;
    background: ${theme.surfaceMuted};
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
    border-color: ${theme.accent};
    background: ${theme.accentSoft};
    color: ${theme.accentText};
  }
  .heading-menu,
  .link-form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 6px;
    border: 1px solid ${theme.borderStrong};
    border-bottom: none;
    background: ${theme.surface};
  }
  .level[aria-pressed='true'] {
    border-color: ${theme.accent};
    background: ${theme.accentSoft};
  }
  .link-form input {
    flex: 1;
    min-width: 12em;
    min-height: 30px;
    padding: 4px 8px;
    border: 1px solid ${theme.borderStrong};
    border-radius: ${theme.radius};
  }
  .link-form input[aria-invalid='true'] {
    border-color: ${theme.danger};
  }
  .link-form .invalid {
    flex-basis: 100%;
  }
  .body {
    border: 1px solid ${theme.borderStrong};
    border-radius: 0 0 ${theme.radius} ${theme.radius};
    background: ${theme.surface};
  }
  .body:focus-within {
    outline: 2px solid ${theme.focus};
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
    border-left: 3px solid ${theme.borderStrong};
    color: ${theme.textMuted};
  }
  .ProseMirror pre {
    white-space: pre-wrap;
  }
  .ProseMirror li {
    position: relative;
  }
  .ProseMirror a {
    color: ${theme.accent};
  }
  .ProseMirror img.inline-image {
    max-width: 100%;
    min-width: 24px;
    min-height: 24px;
    vertical-align: bottom;
    background: ${theme.surfaceMuted};
  }
  .ProseMirror-hideselection *::selection {
    background: transparent;
  }
  .ProseMirror-selectednode {
    outline: 2px solid ${theme.focus};
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
