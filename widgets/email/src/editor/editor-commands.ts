import { lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import type { Fragment, MarkType, NodeType, ResolvedPos } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { emailSchema, isAllowedHref } from './schema';

const { marks, nodes } = emailSchema;

/** Inline formats the toolbar toggles, by toolbar name. */
export const markCommands = {
  bold: toggleMark(marks.strong),
  italic: toggleMark(marks.em),
  underline: toggleMark(marks.underline),
  strike: toggleMark(marks.strike),
} satisfies Record<string, Command>;

/** Toolbar names of the inline formats. */
export type MarkName = keyof typeof markCommands;

const markTypes: Record<MarkName, MarkType> = {
  bold: marks.strong,
  italic: marks.em,
  underline: marks.underline,
  strike: marks.strike,
};

/** True when the mark applies at the cursor (stored marks included) or anywhere in the selection. */
export function isMarkActive(state: EditorState, name: MarkName | 'link'): boolean {
  const type = name === 'link' ? marks.link : markTypes[name];
  const { from, to, empty, $from } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

/** The nearest list around the cursor, if any. */
function listAround($pos: ResolvedPos): { type: NodeType; depth: number } | undefined {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const type = $pos.node(depth).type;
    if (type === nodes.bullet_list || type === nodes.ordered_list) return { type, depth };
  }
  return undefined;
}

/** True when the cursor is in a list of this kind (the innermost list counts). */
export function isInList(state: EditorState, kind: 'bullet' | 'ordered'): boolean {
  return listAround(state.selection.$from)?.type === (kind === 'bullet' ? nodes.bullet_list : nodes.ordered_list);
}

/** Wraps the selection in a list, unwraps it from a list of the same kind, or switches the kind. */
export function toggleList(kind: 'bullet' | 'ordered'): Command {
  const target = kind === 'bullet' ? nodes.bullet_list : nodes.ordered_list;
  return (state, dispatch) => {
    const around = listAround(state.selection.$from);
    if (!around) return wrapInList(target)(state, dispatch);
    if (around.type === target) return liftListItem(nodes.list_item)(state, dispatch);
    if (dispatch) dispatch(state.tr.setNodeMarkup(state.selection.$from.before(around.depth), target));
    return true;
  };
}

/** True when the cursor is inside a quote. */
export function isInQuote(state: EditorState): boolean {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) if ($from.node(depth).type === nodes.blockquote) return true;
  return false;
}

/** Quotes the selected blocks, or lifts them out of the quote they are in. */
export const toggleQuote: Command = (state, dispatch) =>
  isInQuote(state) ? lift(state, dispatch) : wrapIn(nodes.blockquote)(state, dispatch);

/** Heading level of the block at the cursor, 0 for body text. */
export function headingLevel(state: EditorState): number {
  const parent = state.selection.$from.parent;
  return parent.type === nodes.heading ? (parent.attrs.level as number) : 0;
}

/** Makes the selected blocks headings of `level` (body text for 0, or when they already are). */
export function setHeading(level: number): Command {
  return (state, dispatch) => {
    if (level === 0 || headingLevel(state) === level) return setBlockType(nodes.paragraph)(state, dispatch);
    return setBlockType(nodes.heading, { level })(state, dispatch);
  };
}

/** The link around `pos` (a cursor inside, before or right after it): its range and address. */
function linkRange(state: EditorState, pos: number): { from: number; to: number; href: string } | undefined {
  const $pos = state.doc.resolve(pos);
  const start = $pos.start();
  let run: { from: number; to: number; href: string } | undefined;
  let found: typeof run;
  $pos.parent.forEach((child, offset) => {
    const from = start + offset;
    const to = from + child.nodeSize;
    const href = marks.link.isInSet(child.marks)?.attrs.href as string | undefined;
    if (href === undefined) run = undefined;
    else if (run && run.href === href && run.to === from) run.to = to;
    else run = { from, to, href };
    if (run && run.from <= pos && pos <= run.to) found = run;
  });
  return found;
}

/** The address of the link at the cursor or selection start, or '' when there is none. */
export function linkHref(state: EditorState): string {
  const { $from, empty, from } = state.selection;
  if (empty) return linkRange(state, from)?.href ?? '';
  const mark = marks.link.isInSet(state.doc.resolve(from + 1).marks()) ?? marks.link.isInSet($from.marks());
  return (mark?.attrs.href as string | undefined) ?? '';
}

/**
 * Links the selection to `href`; with an empty selection it re-targets the link at the cursor,
 * or inserts the address itself as linked text. Refuses schemes the server would drop.
 */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const address = href.trim();
    if (!isAllowedHref(address)) return false;
    const mark = marks.link.create({ href: address });
    const { from, to, empty } = state.selection;
    if (dispatch) {
      const tr = state.tr;
      if (!empty) tr.removeMark(from, to, marks.link).addMark(from, to, mark);
      else {
        const range = linkRange(state, from);
        if (range) tr.removeMark(range.from, range.to, marks.link).addMark(range.from, range.to, mark);
        else tr.insert(from, emailSchema.text(address, [mark]));
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Removes the link from the selection, or the whole link at the cursor. */
export const removeLink: Command = (state, dispatch) => {
  const { from, to, empty } = state.selection;
  const range = empty ? linkRange(state, from) : { from, to };
  if (!range || !state.doc.rangeHasMark(range.from, range.to, marks.link)) return false;
  if (dispatch) dispatch(state.tr.removeMark(range.from, range.to, marks.link));
  return true;
};

/** Removes every inline format in the selection and turns headings and code back into body text. */
export const clearFormatting: Command = (state, dispatch) => {
  const { from, to, empty } = state.selection;
  if (dispatch) {
    const tr = state.tr;
    if (!empty) tr.removeMark(from, to);
    tr.setStoredMarks([]);
    state.doc.nodesBetween(from, to, (node, pos) => {
      if (node.type === nodes.heading || node.type === nodes.code_block) {
        tr.setNodeMarkup(pos, nodes.paragraph);
        return false;
      }
      return true;
    });
    dispatch(tr);
  }
  return true;
};

/** Inserts an inline image (`cid:` source) at the selection. */
export function insertImage(src: string, alt = ''): Command {
  return (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.image.create({ src, alt })).scrollIntoView());
    return true;
  };
}

/**
 * Inserts `blocks` (a template's paragraphs) as blocks of their own at the cursor, replacing a
 * selection: the line is split at the cursor and the rest of it follows them; at the start or end
 * of a line nothing is split, and an empty line gives way to them. The cursor ends after them.
 */
export function insertBlocks(state: EditorState, blocks: Fragment): Transaction {
  const tr = state.tr.deleteSelection();
  const $cursor = tr.selection.$from;
  const line = $cursor.parent;
  let at = $cursor.pos;
  if (line.isTextblock) {
    const depth = $cursor.depth;
    if (line.content.size === 0) {
      at = $cursor.before(depth);
      tr.delete(at, $cursor.after(depth));
    } else if ($cursor.parentOffset === 0) {
      at = $cursor.before(depth);
    } else if ($cursor.parentOffset === line.content.size) {
      at = $cursor.after(depth);
    } else {
      tr.split(at);
      at += 1;
    }
  }
  const size = tr.doc.content.size;
  tr.insert(at, blocks);
  return tr.setSelection(TextSelection.near(tr.doc.resolve(at + tr.doc.content.size - size), -1)).scrollIntoView();
}
