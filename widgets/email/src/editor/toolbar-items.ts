import { svg, type SVGTemplateResult } from 'lit';
import type { Command, EditorState } from 'prosemirror-state';
import type { MessageKey } from '../messages';
import { clearFormatting, isInList, isInQuote, isMarkActive, markCommands, toggleList, toggleQuote } from './editor-commands';
import { SHORTCUTS } from './keymap';

/** What a toolbar button does besides running a command. */
export type ToolbarAction = 'link' | 'heading' | 'image';

/** One button of the formatting toolbar. */
export interface ToolbarItem {
  /** Stable id, also the `part` of the button. */
  id: string;
  /** Its name (and tooltip) in the catalog. */
  label: MessageKey;
  /** Key binding shown in the name and tooltip. */
  shortcut?: string;
  icon: SVGTemplateResult;
  /** The editor command it runs. */
  command?: Command;
  /** Opens a form, a menu or a file picker instead. */
  action?: ToolbarAction;
  /** Whether the format applies at the cursor (`aria-pressed`). */
  active?(state: EditorState): boolean;
}

const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

const letter = (text: string, extra: SVGTemplateResult = svg``) =>
  icon(svg`<text x="8" y="12.5" text-anchor="middle" font-size="12" font-family="Georgia, serif" fill="currentColor" stroke="none">${text}</text>${extra}`);

/** The Template button's icon (E10): a page with lines, the button shown when templates are available. */
export const TEMPLATE_ICON = icon(svg`<path d="M4 2h6l3 3v9H4zM10 2v3h3M6 8h5M6 10.5h5"/>`);

/** The toolbar's buttons, in order (E9). */
export const TOOLBAR_ITEMS: readonly ToolbarItem[] = [
  {
    id: 'bold',
    label: 'bold',
    shortcut: SHORTCUTS.bold,
    icon: icon(svg`<path d="M4.5 2.5h4.2a2.8 2.8 0 0 1 0 5.5H4.5zM4.5 8h5a2.8 2.8 0 0 1 0 5.5h-5z" stroke-width="2"/>`),
    command: markCommands.bold,
    active: (state) => isMarkActive(state, 'bold'),
  },
  {
    id: 'italic',
    label: 'italic',
    shortcut: SHORTCUTS.italic,
    icon: icon(svg`<path d="M7 2.5h5M4 13.5h5M10 2.5 6.5 13.5"/>`),
    command: markCommands.italic,
    active: (state) => isMarkActive(state, 'italic'),
  },
  {
    id: 'underline',
    label: 'underline',
    shortcut: SHORTCUTS.underline,
    icon: icon(svg`<path d="M4.5 2.5v5a3.5 3.5 0 0 0 7 0v-5M3.5 14h9"/>`),
    command: markCommands.underline,
    active: (state) => isMarkActive(state, 'underline'),
  },
  {
    id: 'strike',
    label: 'strike',
    shortcut: SHORTCUTS.strike,
    icon: letter('S', svg`<path d="M2.5 8.5h11"/>`),
    command: markCommands.strike,
    active: (state) => isMarkActive(state, 'strike'),
  },
  {
    id: 'heading',
    label: 'headingTool',
    icon: icon(svg`<path d="M3.5 2.5v11M10.5 2.5v11M3.5 8h7M13 9.5v4"/>`),
    action: 'heading',
  },
  {
    id: 'bullet-list',
    label: 'bulletList',
    shortcut: SHORTCUTS.bulletList,
    icon: icon(
      svg`<path d="M6.5 4h7M6.5 8h7M6.5 12h7"/><circle cx="3" cy="4" r="0.9" fill="currentColor"/><circle cx="3" cy="8" r="0.9" fill="currentColor"/><circle cx="3" cy="12" r="0.9" fill="currentColor"/>`,
    ),
    command: toggleList('bullet'),
    active: (state) => isInList(state, 'bullet'),
  },
  {
    id: 'ordered-list',
    label: 'orderedList',
    shortcut: SHORTCUTS.orderedList,
    icon: icon(svg`<path d="M6.5 4h7M6.5 8h7M6.5 12h7M2.5 2.8l1-.6v3.6M2.2 9.8c.3-.9 2-.9 2 .1 0 .8-2 1.5-2 2.5h2"/>`),
    command: toggleList('ordered'),
    active: (state) => isInList(state, 'ordered'),
  },
  {
    id: 'quote',
    label: 'quote',
    shortcut: SHORTCUTS.quote,
    icon: icon(svg`<path d="M3 3.5v9M6.5 5h7M6.5 8h7M6.5 11h5"/>`),
    command: toggleQuote,
    active: isInQuote,
  },
  {
    id: 'link',
    label: 'link',
    shortcut: SHORTCUTS.link,
    icon: icon(svg`<path d="M7 9a3 3 0 0 0 4.2.3l2-2a3 3 0 0 0-4.2-4.2l-1 1M9 7a3 3 0 0 0-4.2-.3l-2 2a3 3 0 0 0 4.2 4.2l1-1"/>`),
    action: 'link',
  },
  {
    id: 'image',
    label: 'insertImage',
    icon: icon(svg`<rect x="2" y="3" width="12" height="10" rx="1.5"/><circle cx="6" cy="6.5" r="1.2"/><path d="m2.5 12 4-4 3 3 1.5-1.5 2.5 2.5"/>`),
    action: 'image',
  },
  {
    id: 'clear',
    label: 'clearFormatting',
    shortcut: SHORTCUTS.clearFormatting,
    icon: icon(svg`<path d="M4 3h8M8 3 6 13M10 10l4 4M14 10l-4 4"/>`),
    command: clearFormatting,
  },
];
