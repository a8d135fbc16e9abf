import type { Node as ProseNode } from 'prosemirror-model';
import type { NodeView } from 'prosemirror-view';

/** Finds a displayable URL for an inline image's `cid:` source; undefined when there is none (yet). */
export type ImageResolver = (src: string) => Promise<string | undefined>;

/**
 * Shows an inline image of the body. The document keeps `src="cid:…"` (what is stored and sent);
 * the picture comes from the attachment's bytes, fetched with the token, as an object URL.
 */
export function createImageView(node: ProseNode, resolve: ImageResolver): NodeView {
  const img = document.createElement('img');
  img.className = 'inline-image';
  img.alt = node.attrs.alt as string;
  img.dataset.cid = node.attrs.src as string;
  let destroyed = false;
  resolve(node.attrs.src as string).then(
    (url) => {
      if (url && !destroyed) img.src = url;
    },
    () => img.classList.add('broken'),
  );
  return {
    dom: img,
    destroy: () => {
      destroyed = true;
    },
  };
}
