import { htmlToText, sanitizeEmailHtml } from '@switchboard/service-kit';
import { SNIPPET_MARKS } from '../search/snippet';

/** A body as stored: the composer's allowlist of HTML, and its text for search and snippets. */
export interface ArticleBody {
  html: string;
  text: string;
}

/**
 * Sanitizes an article body with the allowlist of email bodies (articles are written in the
 * same ProseMirror editor and pasted into replies). The text drops the snippet's mark
 * characters, so that a snippet's marks are only ever the ones PostgreSQL put in.
 */
export function articleBody(html: string): ArticleBody {
  const clean = sanitizeEmailHtml(html);
  return { html: clean, text: htmlToText(clean).replace(SNIPPET_MARKS, '') };
}
