import sanitizeHtml from 'sanitize-html';

/**
 * The allowlist of the email body: what the composer's toolbar can produce (E9) and what
 * common mail clients render. Everything else, including every event handler attribute,
 * `style`, `<script>`, `<iframe>` and forms, is dropped.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'strike', 'del', 'ul', 'ol', 'li', 'blockquote',
    'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img', 'pre', 'code', 'hr', 'span', 'div',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  // Links may go to the web or open mail; images only come from the email's own inline parts.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['cid'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The scheme list lets relative URLs through: `<img src="/api/identity/me">` would make the
  // reader's browser send a same-origin GET. An image is a `cid:` part or it goes.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^cid:/i.test(frame.attribs.src ?? ''),
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

/** Sanitizes an email body for storage and for sending; idempotent. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, options);
}

/** Stands for the n-th remote image of a received body: `remote:<n>`. */
const REMOTE_IMAGE = /^remote:\d{1,4}$/;

/**
 * Sanitizes a received body (issue 13) as `sanitizeEmailHtml` does, except that each http(s)
 * image is kept with `src="remote:<n>"` instead of its address, and the addresses are answered
 * in order. The reader's browser never sees them: the agent allows an email's remote images,
 * and mail fetches them for it. A `remote:` source the sender wrote is dropped.
 */
export function sanitizeReceivedHtml(html: string): { html: string; remoteImages: string[] } {
  const remoteImages: string[] = [];
  const sanitized = sanitizeHtml(html, {
    ...options,
    allowedSchemesByTag: { img: ['cid', 'remote'] },
    exclusiveFilter: (frame) => frame.tag === 'img' && !/^cid:/i.test(frame.attribs.src ?? '') && !REMOTE_IMAGE.test(frame.attribs.src ?? ''),
    transformTags: {
      ...options.transformTags,
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        if (/^remote:/i.test(src)) return { tagName, attribs: { ...attribs, src: '' } };
        if (!/^https?:\/\/[^/\s]/i.test(src) || remoteImages.length >= 1000) return { tagName, attribs };
        remoteImages.push(src);
        return { tagName, attribs: { ...attribs, src: `remote:${remoteImages.length - 1}` } };
      },
    },
  });
  return { html: sanitized, remoteImages };
}

/** The plain-text alternative of a sanitized body: block breaks kept, tags and entities gone. */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|blockquote|tr|pre)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
