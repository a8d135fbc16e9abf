/**
 * The elements of the layout editor, which only an agent editing their layout sees: a widget's
 * layout controls and the Hidden widgets list. The page fetches them when editing starts
 * (`LayoutEditing.toggle`), so they are not in the email page's first chunk.
 */
import '../elements/sb-frame-edit-bar';
import '../elements/sb-hidden-widgets';
