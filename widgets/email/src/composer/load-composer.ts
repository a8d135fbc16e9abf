/**
 * Loads the composer (`<sb-email-composer>`: the ProseMirror editor, autosave, live sync,
 * attachments and the send dialogs, most of the widget's code) as a chunk of its own. A received
 * or sent email never needs it, so it is fetched only when a draft shows or a reply starts.
 */
export const loadComposer = () => import(/* webpackChunkName: "composer" */ './email-composer');
