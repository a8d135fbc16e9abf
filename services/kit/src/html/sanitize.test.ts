import { sanitizeEmailHtml, sanitizeReceivedHtml } from './sanitize';

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

describe('sanitizeReceivedHtml (issue 13): remote images held back', () => {
  it('replaces each http(s) image by its position and answers the addresses in order', () => {
    const { html, remoteImages } = sanitizeReceivedHtml(
      '<p>Hi<img src="https://cdn.example/a.png" alt="A"><img src="cid:logo"><img src="http://t.example/p.gif?u=1&amp;x=2"></p>',
    );
    expect(html).toBe('<p>Hi<img src="remote:0" alt="A" /><img src="cid:logo" /><img src="remote:1" /></p>');
    expect(remoteImages).toEqual(['https://cdn.example/a.png', 'http://t.example/p.gif?u=1&x=2']);
  });

  it.each([
    ['<img src="remote:0">', ''],
    ['<img src="/api/identity/me">', ''],
    ['<img src="//evil.test/t.png">', ''],
    ['<img src="javascript:alert(1)">', ''],
    ['<img src="data:image/png;base64,iVBORw0KGgo=">', ''],
    ['<img src="https://x.example/a.png" onerror="alert(1)">', '<img src="remote:0" />'],
    ['<script>alert(1)</script><svg onload="alert(1)"></svg>', ''],
  ])('keeps scripts and other sources out of %s', (image, kept) => {
    expect(sanitizeReceivedHtml(`<p>Hi</p>${image}`).html).toBe(`<p>Hi</p>${kept}`);
  });

  it('is sanitizeEmailHtml for a body without remote images', () => {
    const body = '<p onclick="x()"><a href="https://example.com">link</a><img src="cid:a"></p>';
    expect(sanitizeReceivedHtml(body)).toEqual({ html: sanitizeEmailHtml(body), remoteImages: [] });
  });
});
