import type { PatchDraftBody } from '@switchboard/contracts';
import { accessibleName, getButton, getByLabel, getByRole, press, queryDeep, waitFor } from '@switchboard/widget-sdk/testing';
import { attachment, draft, FakeMail } from '../testing/fake-mail';
import { FakeXhrServer } from '../testing/fake-xhr';
import { mountWidget } from '../testing/mount';
import { normalizeHref } from './rich-editor';

afterEach(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

const lastHtml = (mail: FakeMail) => mail.email().html;
const body = (root: Element) => getByRole(root, 'textbox', 'Message body');
const toolbar = (root: Element) => getByRole(root, 'toolbar', 'Formatting');

describe('<sb-rich-editor> (E9)', () => {
  it('names every toolbar button with its shortcut and gives it a tooltip', async () => {
    const { element } = mountWidget(new FakeMail(draft()));
    const bar = await waitFor(() => toolbar(element));
    const buttons = [...bar.querySelectorAll('button')];
    expect(buttons.map(accessibleName)).toEqual([
      'Bold (Ctrl+B)',
      'Italic (Ctrl+I)',
      'Underline (Ctrl+U)',
      'Strikethrough (Ctrl+Shift+S)',
      'Heading',
      'Bulleted list (Ctrl+Shift+8)',
      'Numbered list (Ctrl+Shift+9)',
      'Quote (Ctrl+Shift+.)',
      'Link (Ctrl+K)',
      'Insert image',
      'Clear formatting (Ctrl+\\)',
    ]);
    for (const button of buttons) expect(button.title).toBe(button.getAttribute('aria-label'));
    expect(buttons[0].getAttribute('aria-keyshortcuts')).toBe('Control+B');
    // One tab stop; arrow keys move along the toolbar.
    expect(buttons.map((button) => button.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
    press(buttons[0], 'ArrowRight');
    await waitFor(() => buttons[1].tabIndex === 0);

    const editable = body(element);
    expect(editable.getAttribute('aria-multiline')).toBe('true');
    expect(editable.getAttribute('contenteditable')).toBe('true');
  });

  it('renames the body and the toolbar when the agent switches language, keeping the text', async () => {
    const { element, host } = mountWidget(new FakeMail(draft({ html: '<p>Ahoj</p>' })));
    await waitFor(() => body(element));
    host.setContext({ user: { id: 'agent', name: 'Alex Agent', locale: 'cs' } });
    const renamed = await waitFor(() => getByRole(element, 'textbox', 'Text zprávy'));
    expect(renamed.textContent).toBe('Ahoj');
    expect(accessibleName(getByRole(element, 'toolbar').querySelector('button')!)).toBe('Tučně (Ctrl+B)');
  });

  it('shows the stored body and marks formats active at the cursor with aria-pressed', async () => {
    const { element } = mountWidget(new FakeMail(draft({ html: '<p><strong>Hello</strong> world</p>' })));
    const editable = await waitFor(() => body(element));
    expect(editable.innerHTML).toBe('<p><strong>Hello</strong> world</p>');
    const bold = getButton(element, 'Bold (Ctrl+B)');
    // The cursor starts inside "Hello".
    await waitFor(() => bold.getAttribute('aria-pressed') === 'true');
    expect(getButton(element, 'Italic (Ctrl+I)').getAttribute('aria-pressed')).toBe('false');

    press(editable, 'i', { ctrlKey: true });
    await waitFor(() => getButton(element, 'Italic (Ctrl+I)').getAttribute('aria-pressed') === 'true');
    bold.click();
    await waitFor(() => bold.getAttribute('aria-pressed') === 'false');
  });

  it('turns the block into a heading from the Heading menu and saves the html', async () => {
    const mail = new FakeMail(draft({ html: '<p>Hello</p>' }));
    const { element } = mountWidget(mail);
    const heading = await waitFor(() => getButton(element, 'Heading'));
    heading.click();
    await waitFor(() => heading.getAttribute('aria-expanded') === 'true');
    expect(getButton(element, 'Normal text').getAttribute('aria-pressed')).toBe('true');
    getButton(element, 'Heading 2').click();
    await waitFor(() => lastHtml(mail) === '<h2>Hello</h2>');
    expect(heading.getAttribute('aria-expanded')).toBe('false');
  });

  it('makes lists by shortcut and toolbar, and undoes with Ctrl+Z', async () => {
    const mail = new FakeMail(draft({ html: '<p>Item</p>' }));
    const { element } = mountWidget(mail);
    const editable = await waitFor(() => body(element));
    // Ctrl+Shift+8 as a US keyboard reports it: the key is "*", the key code that of 8.
    press(editable, '*', { ctrlKey: true, shiftKey: true, keyCode: 56 } as KeyboardEventInit);
    await waitFor(() => getButton(element, 'Bulleted list (Ctrl+Shift+8)').getAttribute('aria-pressed') === 'true');
    await waitFor(() => lastHtml(mail) === '<ul><li><p>Item</p></li></ul>');
    getButton(element, 'Numbered list (Ctrl+Shift+9)').click();
    await waitFor(() => lastHtml(mail) === '<ol><li><p>Item</p></li></ol>');
    press(editable, 'z', { ctrlKey: true });
    // Undo steps back (quick successive changes may form one history group).
    await waitFor(() => ['<ul><li><p>Item</p></li></ul>', '<p>Item</p>'].includes(lastHtml(mail)));
  });

  it('links through the inline link form (Ctrl+K), refusing unsafe addresses', async () => {
    const mail = new FakeMail(draft({ html: '<p>Visit </p>' }));
    const { element } = mountWidget(mail);
    const editable = await waitFor(() => body(element));
    press(editable, 'k', { ctrlKey: true });
    const input = await waitFor(() => getByLabel(element, 'Link address'));
    expect(getButton(element, 'Link (Ctrl+K)').getAttribute('aria-expanded')).toBe('true');

    input.value = 'javascript:alert(1)';
    getButton(element, 'Apply').click();
    await waitFor(() => input.getAttribute('aria-invalid') === 'true');

    input.value = 'acme.test/help';
    getButton(element, 'Apply').click();
    await waitFor(() => lastHtml(mail).includes('<a href="https://acme.test/help">https://acme.test/help</a>'));
    expect(queryDeep(element, '.link-form')).toHaveLength(0);
  });

  it('inserts an uploaded inline image as cid: and shows its bytes', async () => {
    const mail = new FakeMail(draft({ html: '<p>Logo</p>' }));
    mail.intercept = (request) => (request.url.pathname.endsWith('/content') ? { status: 200, body: 'png-bytes' } : undefined);
    const xhr = new FakeXhrServer();
    xhr.autoRespond = (upload) => ({ status: 201, body: attachment({ fileName: upload.file.name, inline: true, contentId: 'logo-1', contentType: 'image/png' }) });
    const { element } = mountWidget(mail, {}, xhr.create);
    await waitFor(() => getButton(element, 'Insert image'));

    const picker = queryDeep<HTMLInputElement>(element, 'sb-rich-editor')[0].shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(picker, 'files', { value: [new File(['png'], 'logo.png', { type: 'image/png' })], configurable: true });
    picker.dispatchEvent(new Event('change'));

    await waitFor(() => lastHtml(mail).includes('<img src="cid:logo-1" alt="logo.png">'));
    expect(xhr.uploads[0].url.searchParams.get('inline')).toBe('true');
    const img = await waitFor(() => queryDeep<HTMLImageElement>(element, 'img.inline-image').find((candidate) => candidate.src.startsWith('blob:')));
    expect(img.dataset.cid).toBe('cid:logo-1');
    expect(mail.calls('GET', '/content')[0].authorization).toBe('Bearer mail-token');
    // The attachment counts against 20 MB but is not listed among the files.
    expect(queryDeep(element, 'li.attachment')).toHaveLength(0);
  });

  it('normalizes typed link addresses', () => {
    expect(normalizeHref('acme.test')).toBe('https://acme.test');
    expect(normalizeHref('help@acme.test')).toBe('mailto:help@acme.test');
    expect(normalizeHref('http://acme.test')).toBe('http://acme.test');
    expect(normalizeHref('javascript:alert(1)')).toBe('javascript:alert(1)');
  });
});

describe('PATCH of the body', () => {
  it('carries the serialized document', async () => {
    const mail = new FakeMail(draft({ html: '<p>Hi</p>' }));
    const { element } = mountWidget(mail);
    const editable = await waitFor(() => body(element));
    press(editable, '2', { ctrlKey: true, altKey: true });
    await waitFor(() => mail.calls('PATCH').length === 1);
    expect((mail.calls('PATCH')[0].body as PatchDraftBody).html).toBe('<h2>Hi</h2>');
  });
});
