import { sanitizeEmailHtml } from './sanitize';

// Images in a body are the email's own inline parts (`cid:`) only (issue 12): anything else
// would make the reader's browser fetch a URL, a same-origin one included.

it('keeps a cid: image', () => {
  expect(sanitizeEmailHtml('<p><img src="cid:logo@switchboard" alt="logo" /></p>')).toBe('<p><img src="cid:logo@switchboard" alt="logo" /></p>');
  expect(sanitizeEmailHtml('<img src="CID:logo">')).toBe('<img src="CID:logo" />');
});

it.each([
  '<img src="/api/identity/me">',
  '<img src="api/identity/logout">',
  '<img src="//evil.test/t.png">',
  '<img src="https://evil.test/t.png">',
  '<img src="data:image/png;base64,iVBORw0KGgo=">',
  '<img src=" cid:logo">',
  '<img>',
])('drops the image %s', (image) => {
  expect(sanitizeEmailHtml(`<p>Hi</p>${image}<p>there</p>`)).toBe('<p>Hi</p><p>there</p>');
});
