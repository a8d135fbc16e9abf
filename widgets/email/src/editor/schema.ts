import { Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { marks as basicMarks, nodes as basicNodes } from 'prosemirror-schema-basic';
import { bulletList, listItem, orderedList } from 'prosemirror-schema-list';

/** Heading levels the toolbar offers; deeper headings of stored html become level 3. */
export const HEADING_LEVELS = [1, 2, 3] as const;

/** URL schemes a link may use: what the server's sanitizer keeps. */
const LINK_SCHEMES = /^(https?:|mailto:)/i;

/** True when `href` is a link the server keeps (http, https, mailto). */
export function isAllowedHref(href: string): boolean {
  return LINK_SCHEMES.test(href.trim());
}

/** True when `src` names an inline part of the email (`cid:`), the only images the server keeps. */
export function isCidSource(src: string): boolean {
  return /^cid:\S+$/i.test(src);
}

const heading: NodeSpec = {
  attrs: { level: { default: 1, validate: 'number' } },
  content: 'inline*',
  group: 'block',
  defining: true,
  parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: Math.min(level, 3) } })),
  toDOM: (node) => [`h${node.attrs.level as number}`, 0],
};

const image: NodeSpec = {
  inline: true,
  group: 'inline',
  draggable: true,
  attrs: { src: { validate: 'string' }, alt: { default: '', validate: 'string' } },
  parseDOM: [
    {
      tag: 'img[src]',
      getAttrs: (dom) => {
        const src = (dom as HTMLElement).getAttribute('src') ?? '';
        return isCidSource(src) ? { src, alt: (dom as HTMLElement).getAttribute('alt') ?? '' } : false;
      },
    },
  ],
  toDOM: (node) => ['img', { src: node.attrs.src as string, alt: node.attrs.alt as string }],
};

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
  // The server adds rel and target; only the address is ours.
  toDOM: (mark) => ['a', { href: mark.attrs.href as string }, 0],
};

const underline: MarkSpec = { parseDOM: [{ tag: 'u' }], toDOM: () => ['u', 0] };

const strike: MarkSpec = { parseDOM: [{ tag: 's' }, { tag: 'strike' }, { tag: 'del' }], toDOM: () => ['s', 0] };

const nodes: Record<string, NodeSpec> = {
  doc: basicNodes.doc,
  paragraph: basicNodes.paragraph,
  blockquote: basicNodes.blockquote,
  heading,
  horizontal_rule: basicNodes.horizontal_rule,
  code_block: basicNodes.code_block,
  text: basicNodes.text,
  image,
  hard_break: basicNodes.hard_break,
  bullet_list: { ...bulletList, content: 'list_item+', group: 'block' },
  ordered_list: { ...orderedList, content: 'list_item+', group: 'block' },
  list_item: { ...listItem, content: 'paragraph block*' },
};

/**
 * The document of an email body. Everything it serializes to is on the server's allowlist
 * (services/kit/src/html/sanitize.ts): p, br, strong, em, u, s, ul/ol/li, blockquote,
 * a[href], h1-h3, img[src=cid:…], plus hr and pre/code that quoted emails bring.
 */
export const emailSchema = new Schema({
  nodes,
  marks: { link, strong: basicMarks.strong, em: basicMarks.em, underline, strike },
});
