import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import {
  clearFormatting,
  headingLevel,
  insertImage,
  isInList,
  isInQuote,
  isMarkActive,
  linkHref,
  markCommands,
  removeLink,
  setHeading,
  setLink,
  toggleList,
  toggleQuote,
} from './editor-commands';
import { createEditorState } from './editor-setup';
import { serializeHtml } from './html';

/** A state of `html` with the text between `from` and `to` (document positions) selected. */
function stateOf(html: string, from: number, to = from): EditorState {
  const state = createEditorState({ html, onLinkShortcut: () => undefined });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
}

/** Runs a command; fails the test when it does not apply. */
function run(state: EditorState, command: Command): EditorState {
  let next = state;
  const applied = command(state, (tr) => (next = state.apply(tr)));
  expect(applied).toBe(true);
  return next;
}

describe('editor commands', () => {
  it.each([
    ['bold', '<p><strong>Hello</strong> world</p>'],
    ['italic', '<p><em>Hello</em> world</p>'],
    ['underline', '<p><u>Hello</u> world</p>'],
    ['strike', '<p><s>Hello</s> world</p>'],
  ] as const)('toggles %s on the selection and back off', (name, expected) => {
    const state = stateOf('<p>Hello world</p>', 1, 6);
    expect(isMarkActive(state, name)).toBe(false);

    const marked = run(state, markCommands[name]);
    expect(isMarkActive(marked, name)).toBe(true);
    expect(serializeHtml(marked.doc)).toBe(expected);

    const unmarked = run(marked, markCommands[name]);
    expect(isMarkActive(unmarked, name)).toBe(false);
    expect(serializeHtml(unmarked.doc)).toBe('<p>Hello world</p>');
  });

  it('reports a mark active at the cursor, stored marks included', () => {
    const inside = stateOf('<p><strong>Hello</strong> world</p>', 3);
    expect(isMarkActive(inside, 'bold')).toBe(true);
    expect(isMarkActive(inside, 'italic')).toBe(false);

    const stored = run(stateOf('<p>Hello world</p>', 3), markCommands.italic);
    expect(isMarkActive(stored, 'italic')).toBe(true);
    const typed = stored.apply(stored.tr.insertText('X'));
    expect(serializeHtml(typed.doc)).toBe('<p>He<em>X</em>llo world</p>');
  });

  it('wraps in a bulleted list, switches it to numbered and unwraps it', () => {
    const state = stateOf('<p>One</p>', 2);
    const bulleted = run(state, toggleList('bullet'));
    expect(serializeHtml(bulleted.doc)).toBe('<ul><li><p>One</p></li></ul>');
    expect(isInList(bulleted, 'bullet')).toBe(true);

    const numbered = run(bulleted, toggleList('ordered'));
    expect(serializeHtml(numbered.doc)).toBe('<ol><li><p>One</p></li></ol>');
    expect(isInList(numbered, 'ordered')).toBe(true);
    expect(isInList(numbered, 'bullet')).toBe(false);

    const plain = run(numbered, toggleList('ordered'));
    expect(serializeHtml(plain.doc)).toBe('<p>One</p>');
  });

  it('quotes a paragraph and lifts it out again', () => {
    const quoted = run(stateOf('<p>Quote me</p>', 2), toggleQuote);
    expect(serializeHtml(quoted.doc)).toBe('<blockquote><p>Quote me</p></blockquote>');
    expect(isInQuote(quoted)).toBe(true);
    const lifted = run(quoted, toggleQuote);
    expect(serializeHtml(lifted.doc)).toBe('<p>Quote me</p>');
  });

  it('sets heading levels and turns the same level back into body text', () => {
    const h2 = run(stateOf('<p>Title</p>', 2), setHeading(2));
    expect(serializeHtml(h2.doc)).toBe('<h2>Title</h2>');
    expect(headingLevel(h2)).toBe(2);
    expect(serializeHtml(run(h2, setHeading(3)).doc)).toBe('<h3>Title</h3>');
    expect(serializeHtml(run(h2, setHeading(2)).doc)).toBe('<p>Title</p>');
    expect(serializeHtml(run(h2, setHeading(0)).doc)).toBe('<p>Title</p>');
  });

  it('links the selection, re-targets the link at the cursor and removes it', () => {
    const linked = run(stateOf('<p>See our site</p>', 9, 13), setLink('https://acme.test'));
    expect(serializeHtml(linked.doc)).toBe('<p>See our <a href="https://acme.test">site</a></p>');

    const cursorInLink = linked.apply(linked.tr.setSelection(TextSelection.create(linked.doc, 11)));
    expect(linkHref(cursorInLink)).toBe('https://acme.test');
    const retargeted = run(cursorInLink, setLink('https://acme.test/help'));
    expect(serializeHtml(retargeted.doc)).toBe('<p>See our <a href="https://acme.test/help">site</a></p>');

    const unlinked = run(retargeted, removeLink);
    expect(serializeHtml(unlinked.doc)).toBe('<p>See our site</p>');
  });

  it('inserts the address as linked text without a selection and refuses unsafe schemes', () => {
    const inserted = run(stateOf('<p>Mail:</p>', 6), setLink('mailto:help@acme.test'));
    expect(serializeHtml(inserted.doc)).toBe('<p>Mail:<a href="mailto:help@acme.test">mailto:help@acme.test</a></p>');

    const state = stateOf('<p>Click</p>', 1, 6);
    expect(setLink('javascript:alert(1)')(state)).toBe(false);
    expect(setLink('data:text/html,hi')(state)).toBe(false);
  });

  it('clears marks and headings in the selection', () => {
    const state = stateOf('<h1><strong><em>Big</em></strong> title</h1>', 1, 10);
    const cleared = run(state, clearFormatting);
    expect(serializeHtml(cleared.doc)).toBe('<p>Big title</p>');
  });

  it('inserts an inline image by its cid source', () => {
    const state = stateOf('<p>Logo:</p>', 6);
    const withImage = run(state, insertImage('cid:logo-1', 'logo.png'));
    expect(serializeHtml(withImage.doc)).toBe('<p>Logo:<img src="cid:logo-1" alt="logo.png"></p>');
  });
});
