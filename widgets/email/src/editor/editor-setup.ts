import { history } from 'prosemirror-history';
import { EditorState } from 'prosemirror-state';
import { parseHtml } from './html';
import { buildInputRules } from './input-rules';
import { buildKeymap, type KeymapOptions } from './keymap';
import { emailSchema } from './schema';

/** Options of a new editor state. */
export interface EditorSetupOptions extends KeymapOptions {
  /** The stored body to start from (server-sanitized HTML). */
  html: string;
}

/** An editor state for an email body: the schema, history, key bindings and typing shortcuts. */
export function createEditorState(options: EditorSetupOptions): EditorState {
  return EditorState.create({
    doc: parseHtml(emailSchema, options.html),
    plugins: [buildInputRules(), ...buildKeymap(options), history()],
  });
}
