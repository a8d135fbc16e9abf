import { emailSchema } from './schema';
import { parseHtml, serializeHtml } from './html';

const roundTrip = (html: string) => serializeHtml(parseHtml(emailSchema, html));

/** The tag names of an HTML fragment, in document order. */
function tagsOf(html: string): string[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  return [...template.content.querySelectorAll('*')].map((element) => element.tagName.toLowerCase());
}

describe('email body html', () => {
  it('keeps every format the toolbar makes through parse and serialize', () => {
    const stored = [
      '<h1>Hello</h1>',
      '<h2>Sub</h2>',
      '<h3>Small</h3>',
      '<p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> <a href="https://acme.test/x?a=1&amp;b=2">link</a><br>next line</p>',
      '<ul><li><p>one</p></li></ul>',
      '<ol><li><p>two</p></li></ol>',
      '<blockquote><p>quoted</p></blockquote>',
      '<p><img src="cid:part-1" alt="logo"></p>',
    ].join('');

    expect(roundTrip(stored)).toBe(stored);
    expect(new Set(tagsOf(roundTrip(stored)))).toEqual(
      new Set(['h1', 'h2', 'h3', 'p', 'strong', 'em', 'u', 's', 'a', 'br', 'ul', 'ol', 'li', 'blockquote', 'img']),
    );
  });

  it('reads what the server sanitizer leaves (b, i, del, rel and target) as the same formats', () => {
    const sanitized = '<p><b>b</b> <i>i</i> <del>d</del> <a href="https://acme.test" rel="noopener noreferrer nofollow" target="_blank">x</a></p>';
    expect(roundTrip(sanitized)).toBe('<p><strong>b</strong> <em>i</em> <s>d</s> <a href="https://acme.test">x</a></p>');
  });

  it('drops what the server would not keep: scripts, styles, handlers, foreign images, unsafe links', () => {
    const hostile =
      '<p style="color:red" onclick="alert(1)">Hi<script>alert(2)</script></p><img src="https://tracker.test/p.gif" onerror="alert(3)"><p><a href="javascript:alert(4)">x</a></p>';
    const html = roundTrip(hostile);
    expect(html).toBe('<p>Hi</p><p>x</p>');
    expect(html).not.toMatch(/script|style|onclick|onerror|javascript|tracker/);
  });

  it('maps deeper headings to level 3 and an empty document to the empty string', () => {
    expect(roundTrip('<h5>Deep</h5>')).toBe('<h3>Deep</h3>');
    expect(roundTrip('')).toBe('');
    expect(roundTrip('<p></p>')).toBe('');
  });

  it('parses without running anything the stored html carries', () => {
    const spy = jest.fn();
    (globalThis as unknown as { __sbProbe: () => void }).__sbProbe = spy;
    roundTrip('<img src="cid:x" onerror="__sbProbe()"><script>__sbProbe()</script>');
    expect(spy).not.toHaveBeenCalled();
  });
});
