import { MAX_EMAIL_ATTACHMENT_BYTES, MailErrorCode } from '@switchboard/contracts';
import { getButton, getByRole, queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { attachment, draft, FakeMail, TICKET } from '../testing/fake-mail';
import { FakeXhrServer } from '../testing/fake-xhr';
import { mountWidget } from '../testing/mount';

afterEach(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

const MB = 1024 * 1024;

/** A file of `size` bytes without allocating them. */
function fileOf(name: string, size: number, type = 'application/pdf'): File {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

/** Picks files through the panel's hidden file input, as the "Choose files" dialog would. */
function chooseFiles(root: Element, files: File[]): void {
  const input = queryDeep<HTMLInputElement>(root, 'sb-attachments-panel')[0].shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const dropZone = (root: Element) => getByRole(root, 'group', 'Attachments');

describe('attachments (E11)', () => {
  it('uploads each file on its own with progress, then lists it with its size and the total', async () => {
    const mail = new FakeMail(draft());
    const xhr = new FakeXhrServer();
    const { element } = mountWidget(mail, {}, xhr.create);
    await waitFor(() => getButton(element, 'Choose files'));

    chooseFiles(element, [fileOf('a.pdf', 2048), fileOf('b.pdf', 3 * MB)]);
    await waitFor(() => xhr.uploads.length === 2);
    expect(xhr.uploads.map((upload) => [upload.method, upload.url.pathname, upload.url.search, upload.headers.authorization, upload.file.name])).toEqual([
      ['POST', '/api/mail/emails/11111111-1111-4111-8111-111111111111/attachments', '', 'Bearer mail-token', 'a.pdf'],
      ['POST', '/api/mail/emails/11111111-1111-4111-8111-111111111111/attachments', '', 'Bearer mail-token', 'b.pdf'],
    ]);

    xhr.uploads[1].progress(MB, 3 * MB);
    const progress = await waitFor(() => queryDeep<HTMLProgressElement>(element, 'progress[aria-label="Uploading b.pdf"]')[0]);
    await waitFor(() => Number(progress.getAttribute('value')) === MB);

    xhr.uploads[0].respond(201, attachment({ fileName: 'a.pdf', size: 2048 }));
    xhr.uploads[1].respond(201, attachment({ fileName: 'b.pdf', size: 3 * MB }));
    await waitFor(() => queryDeep(element, 'li.attachment').length === 2);
    expect(queryDeep(element, 'li.attachment').map(textOf)).toEqual(['a.pdf 2.0 kB', 'b.pdf 3.0 MB']);
    expect(textOf(dropZone(element))).toContain('3.0 MB of 20 MB');
  });

  it('refuses a file that would take the total over 20 MB, before any upload', async () => {
    const mail = new FakeMail(draft({ attachments: [attachment({ fileName: 'big.zip', size: 15 * MB })], attachmentBytes: 15 * MB }));
    const xhr = new FakeXhrServer();
    const { element } = mountWidget(mail, {}, xhr.create);
    await waitFor(() => textOf(dropZone(element)).includes('15.0 MB of 20 MB'));

    chooseFiles(element, [fileOf('scan.pdf', 6 * MB)]);
    const alert = await waitFor(() => getByRole(element, 'alert'));
    expect(textOf(alert)).toContain('“scan.pdf” (6.0 MB) would take the attachments over 20 MB: 5.0 MB left.');
    expect(xhr.uploads).toHaveLength(0);

    // Exactly up to the limit is fine.
    chooseFiles(element, [fileOf('fits.pdf', MAX_EMAIL_ATTACHMENT_BYTES - 15 * MB)]);
    await waitFor(() => xhr.uploads.length === 1);
  });

  it("shows the server's message when it refuses an upload (413)", async () => {
    const mail = new FakeMail(draft());
    const xhr = new FakeXhrServer();
    xhr.autoRespond = () => ({ status: 413, body: { code: MailErrorCode.attachmentsTooLarge, message: 'Attachments may total at most 20 MB' } });
    const { element } = mountWidget(mail, {}, xhr.create);
    await waitFor(() => getButton(element, 'Choose files'));
    chooseFiles(element, [fileOf('c.pdf', 1000)]);
    const alert = await waitFor(() => getByRole(element, 'alert', 'c.pdf'));
    expect(textOf(alert)).toBe('Could not upload c.pdf: Attachments may total at most 20 MB');
    getButton(element, 'Dismiss').click();
    await waitFor(() => queryDeep(element, 'li.upload').length === 0);
  });

  it('uploads files dropped on the drop zone', async () => {
    const mail = new FakeMail(draft());
    const xhr = new FakeXhrServer();
    const { element } = mountWidget(mail, {}, xhr.create);
    const zone = await waitFor(() => dropZone(element));
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File(['hello'], 'dropped.txt', { type: 'text/plain' }));
    const drop = new DragEvent('drop', { bubbles: true, cancelable: true });
    // happy-dom drops `dataTransfer` from the event init.
    Object.defineProperty(drop, 'dataTransfer', { value: dataTransfer });
    zone.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await waitFor(() => xhr.uploads.length === 1);
    expect(xhr.uploads[0].file.name).toBe('dropped.txt');
  });

  it('removes an attachment with its button', async () => {
    const report = attachment({ fileName: 'report.pdf', size: 1024 });
    const mail = new FakeMail(draft({ attachments: [report], attachmentBytes: 1024 }));
    const { element } = mountWidget(mail);
    (await waitFor(() => getButton(element, 'Remove report.pdf'))).click();
    await waitFor(() => queryDeep(element, 'li.attachment').length === 0);
    expect(mail.calls('DELETE', `/attachments/${report.id}`)).toHaveLength(1);
    expect(textOf(dropZone(element))).toContain('0 B of 20 MB');
  });

  it('adds files of the ticket chosen in the "Choose from ticket" dialog', async () => {
    const mail = new FakeMail(draft({ ticket: TICKET }));
    const invoice = { ...attachment({ fileName: 'invoice.pdf', size: 5000 }), emailId: '66666666-6666-4666-8666-666666666666', emailSubject: 'Order 7781' };
    const photo = { ...attachment({ fileName: 'photo.jpg', size: 9000 }), emailId: invoice.emailId, emailSubject: 'Order 7781' };
    mail.ticketAttachments = [invoice, photo];
    const { element } = mountWidget(mail);
    (await waitFor(() => getButton(element, 'Choose from ticket'))).click();

    const dialog = await waitFor(() => queryDeep<HTMLDialogElement>(element, 'dialog').find((d) => d.open));
    await waitFor(() => dialog.querySelectorAll('input[type="checkbox"]').length === 2);
    expect(textOf(dialog)).toContain('Attachments of ticket #1042');
    expect(textOf(dialog)).toContain('invoice.pdf');
    const [first] = dialog.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    first.click();
    getButton(dialog, 'OK').click();

    await waitFor(() => queryDeep(element, 'li.attachment').length === 1);
    expect(mail.calls('POST', '/attachments/from-ticket')[0].body).toEqual({ attachmentIds: [invoice.id] });
    expect(dialog.open).toBe(false);
  });
});
