import type { RenderContext, RenderedTemplate, RenderTemplateBody, TemplateSearchQuery, TemplateSummary } from '@switchboard/contracts';
import { createMemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, getByRole, press, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { Selection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { RichEditor } from '../editor/rich-editor';
import { baseContext } from '../testing/mount';
import type { TemplateSource } from './template-picker-api';
import { templateContextOf } from './template-picker-context';
import '../editor/rich-editor';

afterEach(() => document.body.replaceChildren());

const summary = (id: string, name: string, folder = ''): TemplateSummary => ({
  id,
  kind: 'answer',
  parentId: null,
  name,
  folder,
  language: 'en',
  scope: 'everyone',
  useCount: 0,
});

const REFUND = summary('00000000-0000-4000-8000-000000000001', 'Refund approved', 'Billing');
const PASSWORD = summary('00000000-0000-4000-8000-000000000002', 'Password reset', 'Accounts');

/**
 * The templates service in memory: search by name, and rendering of the refund answer inside
 * its frame, which needs the contact's first name (from the context or what the agent typed).
 */
class FakeTemplates implements TemplateSource {
  readonly searches: Array<string | undefined> = [];
  readonly renders: RenderTemplateBody[] = [];
  constructor(private readonly known: RenderContext = { contact: { firstName: 'Jana' } }) {}

  readonly api = {
    searchTemplates: async (query: TemplateSearchQuery) => {
      this.searches.push(query.q);
      const q = (query.q ?? '').toLowerCase();
      return { items: [REFUND, PASSWORD].filter((t) => t.name.toLowerCase().includes(q)) };
    },
    renderTemplate: async (id: string, body: RenderTemplateBody): Promise<RenderedTemplate> => {
      this.renders.push(body);
      const name = body.values?.['contact.firstName'] ?? body.context?.contact?.firstName;
      const answer = id === REFUND.id ? '<p>your refund was approved.</p>' : '<p>use Forgot password.</p><script>alert(1)</script>';
      const greeting = (who: string) => `<p>Hello ${who},</p>${answer}<p>Kind regards</p>`;
      if (!name) return { html: null, text: null, preview: greeting('<mark>[contact.firstName]</mark>'), missing: ['contact.firstName'] };
      return { html: greeting(name), text: null, preview: greeting(name), missing: [] };
    },
  };

  context = async () => this.known;
}

async function mountEditor(templates: TemplateSource, html = '<p>Dear customer</p>') {
  const editor = document.createElement('sb-rich-editor');
  editor.host = createMemoryHost({ context: baseContext, serviceUrl: '/api/mail', token: 't' });
  editor.templates = templates;
  editor.html = html;
  document.body.append(editor);
  const editable = await waitFor(() => getByRole(editor, 'textbox', 'Message body'));
  // The agent's cursor at the end of the body.
  const view = viewOf(editor);
  view.dispatch(view.state.tr.setSelection(Selection.atEnd(view.state.doc)));
  return { editor: editor as RichEditor, editable };
}

const viewOf = (editor: RichEditor) => (editor as unknown as { _view: EditorView })._view;

/** Types as the browser does: each character through the view's text-input handlers (input rules, `::`), else inserted. */
function type(editor: RichEditor, text: string): void {
  const view = viewOf(editor);
  for (const char of text) {
    const { from, to } = view.state.selection;
    const insert = () => view.state.tr.insertText(char, from, to);
    if (!view.someProp('handleTextInput', (handler) => handler(view, from, to, char, insert))) view.dispatch(insert());
  }
}

const options = (editor: Element) => queryDeep(editor, '[role="option"]');
const highlighted = (editor: Element) => queryDeep(editor, '[role="option"][aria-selected="true"]').map(textOf);

describe('inserting a template in the composer (E10)', () => {
  it('opens on :: at the end of a line, follows the typed words, moves with arrows and inserts with Enter as one undo step', async () => {
    const templates = new FakeTemplates();
    const { editor, editable } = await mountEditor(templates);
    editor.insertText(' ');
    type(editor, '::');
    await waitFor(() => options(editor).length === 2);
    expect(highlighted(editor)).toEqual(['Refund approved Billing']);
    await waitFor(() => queryDeep(editor, '[part="preview"]')[0]?.textContent?.includes('Hello Jana,'));

    press(editable, 'ArrowDown');
    await waitFor(() => highlighted(editor)[0] === 'Password reset Accounts');
    press(editable, 'ArrowUp');
    type(editor, 'ref');
    await waitFor(() => options(editor).length === 1 && templates.searches.includes('ref'));
    expect(editor.getHtml()).toBe('<p>Dear customer ::ref</p>');

    press(editable, 'Enter');
    await waitFor(() => editor.getHtml().includes('refund was approved'));
    // Its paragraphs as blocks of their own after the line (the cursor was at its end).
    expect(editor.getHtml()).toBe('<p>Dear customer </p><p>Hello Jana,</p><p>your refund was approved.</p><p>Kind regards</p>');
    expect(queryDeep(editor, 'sb-template-picker')).toEqual([]);
    expect(templates.renders.at(-1)).toMatchObject({ insert: true, context: { contact: { firstName: 'Jana' } } });

    // One Ctrl+Z takes the whole template back, and the `::ref` with it.
    press(editable, 'z', { ctrlKey: true });
    expect(editor.getHtml()).toBe('<p>Dear customer </p>');
  });

  it('does not open on :: inside a word, and closes with Escape or when the :: is deleted', async () => {
    const { editor, editable } = await mountEditor(new FakeTemplates(), '<p>Time</p>');
    type(editor, ' 10::');
    expect(queryDeep(editor, 'sb-template-picker')).toEqual([]);
    type(editor, ' ::');
    await waitFor(() => queryDeep(editor, 'sb-template-picker').length === 1);
    press(editable, 'Escape');
    await waitFor(() => queryDeep(editor, 'sb-template-picker').length === 0);
    // The browser may hand over several typed characters in one change.
    editor.insertText(' ::pass');
    await waitFor(() => options(editor).length === 1);
    press(editable, 'Escape');
    await waitFor(() => queryDeep(editor, 'sb-template-picker').length === 0);
    type(editor, ' ::');
    await waitFor(() => queryDeep(editor, 'sb-template-picker').length === 1);
    // Backspace over the second colon (the browser deletes it; happy-dom does not).
    const view = viewOf(editor);
    view.dispatch(view.state.tr.delete(view.state.selection.head - 1, view.state.selection.head));
    await waitFor(() => queryDeep(editor, 'sb-template-picker').length === 0);
  });

  it('opens from the toolbar with a search field: type, arrows, Enter insert at the cursor', async () => {
    const { editor } = await mountEditor(new FakeTemplates(), '<p>Dear customer</p><p></p>');
    getButton(editor, 'Template (::)').click();
    const search = await waitFor(() => getByLabel(editor, 'Search templates'));
    await waitFor(() => (editor.shadowRoot?.activeElement as Element | null)?.tagName === 'SB-TEMPLATE-PICKER');
    expect(search.getAttribute('role')).toBe('combobox');
    typeInto(search, 'pass');
    await waitFor(() => options(editor).length === 1);
    expect(search.getAttribute('aria-activedescendant')).toBe('template-option-0');
    press(search, 'Enter');
    await waitFor(() => editor.getHtml().includes('Forgot password'));
    // Sanitized through the schema: the script does not arrive.
    expect(editor.getHtml()).toBe('<p>Dear customer</p><p>Hello Jana,</p><p>use Forgot password.</p><p>Kind regards</p>');
  });

  it('asks for a value the page does not know before inserting, with a labelled field', async () => {
    const templates = new FakeTemplates({});
    const { editor } = await mountEditor(templates);
    type(editor, ' ::refund');
    await waitFor(() => queryDeep(editor, '[part="preview"] mark').length === 1);
    press(getByRole(editor, 'textbox', 'Message body'), 'Enter');
    const field = await waitFor(() => getByLabel(editor, "Contact's first name"));
    expect(editor.getHtml()).toBe('<p>Dear customer ::refund</p>');
    typeInto(field, 'Petr');
    getButton(editor, 'Insert').click();
    await waitFor(() => editor.getHtml().includes('Hello Petr,'));
    expect(templates.renders.at(-1)).toMatchObject({ values: { 'contact.firstName': 'Petr' }, insert: true });
    expect(editor.getHtml()).not.toContain('::refund');
  });
});

describe('insertHtml (composer.insertHtml)', () => {
  it('splits the line at the cursor: the paragraphs come between its two halves, and one Ctrl+Z joins them again', async () => {
    const { editor, editable } = await mountEditor(new FakeTemplates(), '<p>Dear customer, thanks.</p>');
    const view = viewOf(editor);
    view.dispatch(view.state.tr.setSelection(Selection.near(view.state.doc.resolve('Dear customer,'.length + 1))));
    editor.insertHtml('<p>Hello Jana,</p><p>your refund was approved.</p>');
    expect(editor.getHtml()).toBe('<p>Dear customer,</p><p>Hello Jana,</p><p>your refund was approved.</p><p> thanks.</p>');
    // The cursor follows the inserted text: typing goes on after it.
    editor.insertText(' Yes.');
    expect(editor.getHtml()).toBe('<p>Dear customer,</p><p>Hello Jana,</p><p>your refund was approved. Yes.</p><p> thanks.</p>');
    press(editable, 'z', { ctrlKey: true });
    press(editable, 'z', { ctrlKey: true });
    expect(editor.getHtml()).toBe('<p>Dear customer, thanks.</p>');
  });

  it('goes before a line when the cursor is at its start, and takes the place of an empty line', async () => {
    const { editor } = await mountEditor(new FakeTemplates(), '<p>Regards</p><p></p>');
    const view = viewOf(editor);
    view.dispatch(view.state.tr.setSelection(Selection.atStart(view.state.doc)));
    editor.insertHtml('<p>Hello</p>');
    expect(editor.getHtml()).toBe('<p>Hello</p><p>Regards</p><p></p>');
    view.dispatch(view.state.tr.setSelection(Selection.atEnd(view.state.doc)));
    editor.insertHtml('Order <strong>7781</strong>');
    expect(editor.getHtml()).toBe('<p>Hello</p><p>Regards</p><p>Order <strong>7781</strong></p>');
  });

  it('keeps only what the schema allows and is one undo step apart from the typing before it', async () => {
    const { editor, editable } = await mountEditor(new FakeTemplates(), '<p>Hi</p>');
    editor.insertText(' there');
    editor.insertHtml('<p>Order <strong>7781</strong> shipped.</p><img src="https://evil.test/x.png" onerror="alert(1)"><script>alert(1)</script>');
    expect(editor.getHtml()).not.toMatch(/script|onerror|evil/);
    expect(editor.getHtml()).toContain('<strong>7781</strong>');
    press(editable, 'z', { ctrlKey: true });
    expect(editor.getHtml()).toBe('<p>Hi there</p>');
  });
});

describe('the values a template is filled with', () => {
  it('takes the contact from the first To name, the ticket and queue from the draft, the agent from the page', () => {
    const host = createMemoryHost({ context: baseContext });
    expect(templateContextOf(host, { to: [{ address: 'jana@example.test', name: 'Jana Nováková' }], ticket: { number: 12, title: 'Refund' }, queue: { name: 'Support' } })).toEqual({
      agent: { name: 'Alex Agent', firstName: 'Alex' },
      ticket: { number: 12, title: 'Refund' },
      contact: { name: 'Jana Nováková', firstName: 'Jana' },
      queue: { name: 'Support' },
    });
    expect(templateContextOf(host, { to: [{ address: 'x@example.test' }] })).toEqual({ agent: { name: 'Alex Agent', firstName: 'Alex' } });
  });
});
