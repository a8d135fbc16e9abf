import { createMemoryHost } from '@switchboard/widget-sdk';
import { getByRole, press, waitFor } from '@switchboard/widget-sdk/testing';
import type { RichEditor } from '../editor/rich-editor';
import { baseContext } from '../testing/mount';
import '../editor/rich-editor';

afterEach(() => document.body.replaceChildren());

async function mountEditor(html: string) {
  const editor = document.createElement('sb-rich-editor');
  editor.host = createMemoryHost({ context: baseContext, serviceUrl: '/api/mail', token: 't' });
  editor.html = html;
  const changes: string[] = [];
  editor.addEventListener('sb-body-change', (event) => changes.push((event as CustomEvent<{ html: string }>).detail.html));
  document.body.append(editor);
  const editable = await waitFor(() => getByRole(editor, 'textbox', 'Message body'));
  return { editor: editor as RichEditor, editable, changes };
}

describe('a body changed elsewhere, in the editor (T1, T4)', () => {
  it('keeps the cursor where the agent types when text arrives elsewhere, and is not taken for their edit', async () => {
    const { editor, changes } = await mountEditor('<p>abc</p>');
    editor.insertText('Hi ');
    expect(changes).toEqual(['<p>Hi abc</p>']);
    editor.applyRemoteHtml('<p>Hi abc, from the laptop</p>');
    expect(changes).toHaveLength(1);
    editor.insertText('!');
    expect(editor.getHtml()).toBe('<p>Hi !abc, from the laptop</p>');
  });

  it('makes Apply all one undoable step: Ctrl+Z brings back the text typed meanwhile', async () => {
    const { editor, editable, changes } = await mountEditor('<p>Start</p>');
    editor.insertText('Typed while warned. ');
    editor.applyRemoteHtml('<p>Their body</p>', true);
    expect(editor.getHtml()).toBe('<p>Their body</p>');
    press(editable, 'z', { ctrlKey: true });
    expect(editor.getHtml()).toBe('<p>Typed while warned. Start</p>');
    // The undo is the agent's own edit again: it is saved and reaches the other tabs.
    expect(changes.at(-1)).toBe('<p>Typed while warned. Start</p>');
  });
});
