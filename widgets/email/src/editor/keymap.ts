import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';
import { clearFormatting, markCommands, setHeading, toggleList, toggleQuote } from './editor-commands';
import { emailSchema } from './schema';

/** Key bindings of the toolbar's actions, in ProseMirror notation (`Mod` is Ctrl, or Cmd on a Mac). */
export const SHORTCUTS = {
  bold: 'Mod-b',
  italic: 'Mod-i',
  underline: 'Mod-u',
  strike: 'Mod-Shift-s',
  bulletList: 'Mod-Shift-8',
  orderedList: 'Mod-Shift-9',
  quote: 'Mod-Shift-.',
  link: 'Mod-k',
  heading1: 'Mod-Alt-1',
  heading2: 'Mod-Alt-2',
  heading3: 'Mod-Alt-3',
  paragraph: 'Mod-Alt-0',
  clearFormatting: 'Mod-\\',
  undo: 'Mod-z',
  redo: 'Mod-Shift-z',
} as const;

/** True on Apple platforms, where `Mod` is the Command key. */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iP(hone|[oa]d)/.test(navigator.platform);
}

/** A binding as people read it: `Ctrl+Shift+8`, or `Cmd+Shift+8` on a Mac. */
export function shortcutLabel(binding: string, mac = isMac()): string {
  return binding
    .split('-')
    .map((part) => (part === 'Mod' ? (mac ? 'Cmd' : 'Ctrl') : part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}

/** A binding as `aria-keyshortcuts` names it: `Control+Shift+8`, or `Meta+Shift+8` on a Mac. */
export function ariaShortcut(binding: string, mac = isMac()): string {
  return binding
    .split('-')
    .map((part) => (part === 'Mod' ? (mac ? 'Meta' : 'Control') : part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}

/** Options of the editor's key bindings. */
export interface KeymapOptions {
  /** Called on Mod-k: the element opens its link form. */
  onLinkShortcut: () => void;
}

const { nodes } = emailSchema;

const insertHardBreak: Command = (state, dispatch) => {
  if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
};

/**
 * The editor's own bindings: formats, lists, quote, headings, history and Mod-k. Tab is left
 * alone so keyboard users can leave the editor; Mod-] and Mod-[ indent and outdent list items.
 */
export function buildKeymap(options: KeymapOptions): Plugin[] {
  const bindings: Record<string, Command> = {
    [SHORTCUTS.bold]: markCommands.bold,
    [SHORTCUTS.italic]: markCommands.italic,
    [SHORTCUTS.underline]: markCommands.underline,
    [SHORTCUTS.strike]: markCommands.strike,
    [SHORTCUTS.bulletList]: toggleList('bullet'),
    [SHORTCUTS.orderedList]: toggleList('ordered'),
    [SHORTCUTS.quote]: toggleQuote,
    [SHORTCUTS.heading1]: setHeading(1),
    [SHORTCUTS.heading2]: setHeading(2),
    [SHORTCUTS.heading3]: setHeading(3),
    [SHORTCUTS.paragraph]: setHeading(0),
    [SHORTCUTS.clearFormatting]: clearFormatting,
    [SHORTCUTS.link]: () => {
      options.onLinkShortcut();
      return true;
    },
    [SHORTCUTS.undo]: undo,
    [SHORTCUTS.redo]: redo,
    ...(isMac() ? {} : { 'Mod-y': redo }),
    Enter: splitListItem(nodes.list_item),
    'Mod-[': liftListItem(nodes.list_item),
    'Mod-]': sinkListItem(nodes.list_item),
    'Shift-Enter': chainCommands(exitCode, insertHardBreak),
  };
  return [keymap(bindings), keymap(baseKeymap)];
}
