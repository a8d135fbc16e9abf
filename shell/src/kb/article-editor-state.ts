import { baseKeymap, setBlockType, toggleMark } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { DOMParser as ProseParser, DOMSerializer, Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { marks as basicMarks, nodes as basicNodes } from 'prosemirror-schema-basic';
import { bulletList, listItem, orderedList, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, type Command } from 'prosemirror-state';

// The body of a KB article, kept minimal (issue 11): paragraphs, headings (2 and 3, the page's
// title being the h1), bullet and numbered lists, bold, italic and links. All of it is on the
// kb service's sanitizer allowlist.

const heading: NodeSpec = {
  attrs: { level: { default: 2, validate: 'number' } },
  content: 'inline*',
  group: 'block',
  defining: true,
  parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: level <= 2 ? 2 : 3 } })),
  toDOM: (node) => [`h${node.attrs.level as number}`, 0],
};

/** True for a link address the service keeps: http, https, mailto. */
export const isAllowedHref = (href: string) => /^(https?:|mailto:)/i.test(href.trim());

const link: MarkSpec = {
  attrs: { href: { validate: 'string' } },
  inclusive: false,
  parseDOM: [
    {
      tag: 'a[href]',
      getAttrs: (dom) => {
        const href = (dom as HTMLElement).getAttribute('href') ?? '';
        return isAllowedHref(href) ? { href } : false;
      },
    },
  ],
  toDOM: (mark) => ['a', { href: mark.attrs.href as string }, 0],
};

/** The schema of an article body. */
export const articleSchema = new Schema({
  nodes: {
    doc: basicNodes.doc,
    paragraph: basicNodes.paragraph,
    heading,
    text: basicNodes.text,
    hard_break: basicNodes.hard_break,
    bullet_list: { ...bulletList, content: 'list_item+', group: 'block' },
    ordered_list: { ...orderedList, content: 'list_item+', group: 'block' },
    list_item: { ...listItem, content: 'paragraph block*' },
  },
  marks: { link, strong: basicMarks.strong, em: basicMarks.em },
});

const { nodes, marks } = articleSchema;

/** The formatting the toolbar offers, each a ProseMirror command. */
export const FORMAT_COMMANDS = {
  bold: toggleMark(marks.strong),
  italic: toggleMark(marks.em),
  heading: setBlockType(nodes.heading, { level: 2 }),
  subheading: setBlockType(nodes.heading, { level: 3 }),
  paragraph: setBlockType(nodes.paragraph),
  bulletList: wrapInList(nodes.bullet_list),
  orderedList: wrapInList(nodes.ordered_list),
} satisfies Record<string, Command>;

export type FormatName = keyof typeof FORMAT_COMMANDS;

/** Links the selection to `href`, or removes its link when `href` is empty. */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty) return false;
    if (dispatch) {
      const tr = state.tr.removeMark(from, to, marks.link);
      dispatch(href ? tr.addMark(from, to, marks.link.create({ href })) : tr);
    }
    return true;
  };
}

/** Parses stored (service-sanitized) HTML in an inert document: nothing runs or loads. */
function parseHtml(html: string) {
  const inert = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  return ProseParser.fromSchema(articleSchema).parse(inert.body);
}

/** An editor state for a body: the schema, history and the usual keys (Tab is left to leave the editor). */
export function createArticleEditorState(html: string): EditorState {
  return EditorState.create({
    doc: parseHtml(html),
    plugins: [
      history(),
      keymap({ 'Mod-z': undo, 'Mod-Shift-z': redo, 'Mod-y': redo, 'Mod-b': FORMAT_COMMANDS.bold, 'Mod-i': FORMAT_COMMANDS.italic, Enter: splitListItem(nodes.list_item) }),
      keymap(baseKeymap),
    ],
  });
}

/** The HTML of a document, as saved. */
export function articleHtml(state: EditorState): string {
  const container = document.createElement('div');
  container.append(DOMSerializer.fromSchema(articleSchema).serializeFragment(state.doc.content, { document }));
  return container.innerHTML;
}
