import { theme, widgetStyles } from '@switchboard/widget-sdk';
import { css, html } from 'lit';

/** Look shared by the CRM widgets' elements: the SDK's `widgetStyles`, compact buttons, the record card. */
export const baseStyles = [
  widgetStyles,
  css`
    button {
      min-height: 28px;
    }
    button.link {
      padding: 2px 4px;
    }
    button.icon {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      min-width: 28px;
      padding: 2px 4px;
    }
    button.icon svg {
      width: 16px;
      height: 16px;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .card {
      display: grid;
      gap: 6px;
      padding: 10px 12px;
      border: 1px solid ${theme.border};
      border-left: 4px solid ${theme.accent};
      border-radius: ${theme.radius};
      background: ${theme.surface};
    }
    .card h3 {
      margin: 0;
      font-size: 1.071em;
      overflow-wrap: anywhere;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 10px;
      margin: 0;
    }
    dt {
      color: ${theme.textMuted};
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    ul.plain {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin-top: 4px;
    }
    form {
      display: grid;
      gap: 8px;
    }
    label {
      display: block;
      font-weight: 600;
    }
    input,
    textarea {
      width: 100%;
    }
    textarea {
      font: inherit;
      padding: 4px 8px;
      border: 1px solid ${theme.borderStrong};
      border-radius: ${theme.radius};
      background: ${theme.surface};
      color: ${theme.text};
      resize: vertical;
    }
    textarea[aria-invalid='true'] {
      border-color: ${theme.danger};
    }
    .field-error {
      margin: 2px 0 0;
      color: ${theme.danger};
    }
    .hint {
      margin: 2px 0 0;
      color: ${theme.textMuted};
      font-size: 0.857em;
    }
  `,
];

/** An envelope (N2: write an email to this address). */
export const envelopeIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="5" width="18" height="14" rx="2"></rect><path d="m3 7 9 6 9-6"></path></svg>`;

/** A house (C5: the CRM module). */
export const homeIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 11 12 4l9 7"></path><path d="M5 10v10h14V10"></path></svg>`;

/** A chain link (C6: load this match). */
export const chainIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"></path><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"></path></svg>`;
