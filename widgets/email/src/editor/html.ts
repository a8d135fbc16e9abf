import { DOMParser as ProseParser, DOMSerializer, Fragment, type Node as ProseNode, type Schema } from 'prosemirror-model';

/**
 * Parses stored (server-sanitized) HTML into a document of `schema`. The HTML goes through the
 * platform's DOMParser, which builds an inert document: no script runs and no image loads.
 */
export function parseHtml(schema: Schema, html: string): ProseNode {
  const inert = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  return ProseParser.fromSchema(schema).parse(inert.body);
}

/**
 * Parses HTML to insert at the cursor (a template, another widget's `composer.insertHtml`) into
 * blocks of `schema` (text outside a block goes into a paragraph): whatever the schema has no
 * place for is dropped, as for a stored body. None when nothing is left.
 */
export function parseHtmlBlocks(schema: Schema, html: string): Fragment {
  const doc = parseHtml(schema, html);
  return isEmptyDoc(doc) ? Fragment.empty : doc.content;
}

/** Serializes a document to the HTML stored and sent; an empty body is the empty string. */
export function serializeHtml(doc: ProseNode): string {
  if (isEmptyDoc(doc)) return '';
  const container = document.createElement('div');
  container.append(DOMSerializer.fromSchema(doc.type.schema).serializeFragment(doc.content, { document }));
  return container.innerHTML;
}

/** True for a document that is one empty paragraph (a new email's body). */
export function isEmptyDoc(doc: ProseNode): boolean {
  return doc.childCount === 1 && doc.firstChild?.isTextblock === true && doc.firstChild.content.size === 0;
}
