import type { EmailSummary } from '@switchboard/contracts';
import { getButton, getByRole, queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { attachment, draft, EMAIL_ID, FakeMail, TICKET, USER_ID } from '../testing/fake-mail';
import { mountWidget } from '../testing/mount';

afterEach(() => {
  document.body.replaceChildren();
});

const logo = attachment({ fileName: 'logo.png', inline: true, contentId: 'logo-1', contentType: 'image/png', size: 300 });
const invoice = attachment({ fileName: 'invoice.pdf', size: 2048 });

const received = draft({
  direction: 'inbound',
  status: 'received',
  from: { address: 'jana@customer.test', name: 'Jana Nováková' },
  to: [{ address: 'support@acme.test' }],
  cc: [{ address: 'petr@customer.test' }],
  subject: 'Where is my refund?',
  html: '<p>Hello, <strong>where</strong> is it?</p><p><img src="cid:logo-1" alt="logo"></p><script>window.__sbRan = true</script>',
  ticket: TICKET,
  attachments: [logo, invoice],
  version: 3,
});

const summary = (patch: Partial<EmailSummary>): EmailSummary => ({
  id: EMAIL_ID,
  direction: 'inbound',
  status: 'received',
  from: { address: 'jana@customer.test', name: 'Jana Nováková' },
  to: [{ address: 'support@acme.test' }],
  subject: 'Where is my refund?',
  preview: 'Hello, where is it?',
  important: false,
  postponed: false,
  ticket: TICKET,
  attachmentCount: 2,
  updatedAt: '2026-03-02T09:00:00.000Z',
  sentAt: null,
  ...patch,
});

function fakeWithContent(): FakeMail {
  const mail = new FakeMail(received);
  mail.intercept = (request) => (request.url.pathname.endsWith('/content') ? { status: 200, body: 'bytes' } : undefined);
  return mail;
}

describe('<sb-email-view>', () => {
  it('shows a received email read-only: header, sanitized body without running scripts, files', async () => {
    const { element } = mountWidget(fakeWithContent());
    const status = await waitFor(() => getByRole(element, 'status', 'Received'));
    expect(textOf(status)).toMatch(/^Received /);
    const view = queryDeep(element, 'sb-email-view')[0];
    const text = textOf(view);
    expect(text).toContain('From Jana Nováková <jana@customer.test>');
    expect(text).toContain('To support@acme.test');
    expect(text).toMatch(/Cc ?petr@customer\.test/);
    expect(text).toContain('Subject Where is my refund?');
    const body = queryDeep(element, '[part="body"]')[0];
    expect(body.querySelector('strong')?.textContent).toBe('where');
    expect((window as unknown as { __sbRan?: boolean }).__sbRan).toBeUndefined();
    expect(queryDeep(element, 'input, [contenteditable="true"], select')).toHaveLength(0);

    // Inline images come from the attachment bytes; only real attachments are listed.
    await waitFor(() => body.querySelector('img')?.getAttribute('src')?.startsWith('blob:'));
    expect(queryDeep(element, '.attachments li').map(textOf)).toEqual(['invoice.pdf 2.0 kB']);
  });

  it('downloads an attachment with the token', async () => {
    const mail = fakeWithContent();
    const { element } = mountWidget(mail);
    const clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    (await waitFor(() => getButton(element, 'invoice.pdf'))).click();
    await waitFor(() => clicked.mock.calls.length === 1);
    const download = mail.calls('GET', `/attachments/${invoice.id}/content`);
    expect(download).toHaveLength(1);
    expect(download[0].authorization).toBe('Bearer mail-token');
    clicked.mockRestore();
  });

  it.each([
    ['Reply', 'reply'],
    ['Reply all', 'replyAll'],
    ['Forward', 'forward'],
  ] as const)('"%s" creates the answer and opens it in a new tab (N3)', async (name, mode) => {
    const mail = fakeWithContent();
    mail.intercept = (request) =>
      request.method === 'POST' && request.url.pathname.endsWith('/drafts')
        ? { status: 201, body: draft({ id: '77777777-7777-4777-8777-777777777777', subject: 'Re: Where is my refund?' }) }
        : undefined;
    const { element, host } = mountWidget(mail);
    (await waitFor(() => getButton(element, name))).click();
    await waitFor(() => host.openedTabs.length === 1);
    expect(mail.calls('POST', '/drafts')[0].body).toEqual({ replyTo: { emailId: EMAIL_ID, mode } });
    expect(host.openedTabs[0]).toEqual({ path: '/emails/77777777-7777-4777-8777-777777777777', title: 'Re: Where is my refund?' });
  });

  it("lists the ticket's thread with Reply and Forward on each email", async () => {
    const mail = fakeWithContent();
    const earlier = summary({ id: '88888888-8888-4888-8888-888888888888', subject: 'Order 7781', preview: 'I ordered…' });
    mail.ticketEmails = [earlier, summary({})];
    const { element, host } = mountWidget(mail);
    const thread = await waitFor(() => queryDeep(element, 'ol[part="thread"]')[0]);
    expect(thread.querySelectorAll('li')).toHaveLength(2);
    expect(textOf(thread)).toContain('This email');
    expect(mail.calls('GET', `/tickets/${TICKET.id}/emails`)).toHaveLength(1);

    getButton(element, 'Forward “Order 7781”').click();
    await waitFor(() => host.openedTabs.length === 1);
    expect(mail.calls('POST', '/drafts')[0].body).toEqual({ replyTo: { emailId: earlier.id, mode: 'forward' } });

    getButton(element, 'Order 7781').click();
    expect(host.openedTabs[1]).toEqual({ path: `/emails/${earlier.id}`, title: 'Order 7781' });
  });

  it('shows a reply filed into the ticket without reload, announced politely, keeping the focus where it was (issue 13)', async () => {
    const mail = fakeWithContent();
    mail.liveThread = true;
    const earlier = summary({ id: '88888888-8888-4888-8888-888888888888', subject: 'Order 7781', preview: 'I ordered…' });
    mail.ticketEmails = [earlier, summary({})];
    const { element } = mountWidget(mail);
    const thread = await waitFor(() => queryDeep(element, 'ol[part="thread"]')[0]);
    await waitFor(() => mail.calls('GET', `/tickets/${TICKET.id}/emails/changes`).length === 1);
    const forward = getButton(element, 'Forward “Order 7781”');
    forward.focus();
    const live = queryDeep(element, 'p[aria-live="polite"]');
    expect(live).toHaveLength(1);

    const reply = summary({ id: '66666666-6666-4666-8666-666666666666', subject: 'Re: Where is my refund?', preview: 'Thanks, got it' });
    mail.pushThread([earlier, summary({}), reply]);
    await waitFor(() => thread.querySelectorAll('li').length === 3);
    expect(textOf(thread.querySelectorAll('li')[2])).toContain('Thanks, got it');
    expect(textOf(live[0])).toBe('New email from Jana Nováková: Re: Where is my refund?.');
    expect(getButton(element, 'Forward “Order 7781”')).toBe(forward);
    expect(forward.getRootNode() instanceof ShadowRoot && (forward.getRootNode() as ShadowRoot).activeElement).toBe(forward);
    // The stream's own thread replaced the list; nothing was fetched again.
    expect(mail.calls('GET', `/tickets/${TICKET.id}/emails`)).toHaveLength(1);
  });

  it('says new emails in Czech', async () => {
    const mail = fakeWithContent();
    mail.liveThread = true;
    mail.ticketEmails = [summary({})];
    const { element } = mountWidget(mail, { user: { id: USER_ID, name: 'Alex Agent', locale: 'cs' } });
    await waitFor(() => queryDeep(element, 'ol[part="thread"]')[0]);
    await waitFor(() => mail.calls('GET', '/emails/changes').length === 1);
    mail.pushThread([summary({}), summary({ id: '66666666-6666-4666-8666-666666666666', subject: 'Díky', from: { address: 'petr@customer.test' } })]);
    await waitFor(() => textOf(queryDeep(element, 'p[aria-live="polite"]')[0]) === 'Nový e-mail od petr@customer.test: Díky.');
  });

  it('stops following the thread when the widget goes away', async () => {
    const mail = fakeWithContent();
    mail.liveThread = true;
    mail.ticketEmails = [summary({})];
    const { element } = mountWidget(mail);
    await waitFor(() => mail.calls('GET', '/emails/changes').length === 1);
    const stream = mail.calls('GET', '/emails/changes')[0];
    element.remove();
    await waitFor(() => stream.signal?.aborted);
  });

  describe('remote images (issue 13)', () => {
    function fakeWithRemote(allowed: boolean): FakeMail {
      const mail = new FakeMail({ ...received, html: '<p>See the chart</p><img src="remote:0" alt="chart">', attachments: [] });
      mail.intercept = (request) => {
        const path = request.url.pathname;
        if (path.endsWith('/remote-images')) return { status: 200, body: { count: 1, allowed: allowed || request.method === 'PUT' } };
        if (path.endsWith('/remote-images/0')) return { status: 200, body: 'bytes' };
        return undefined;
      };
      return mail;
    }

    it('blocks them until the agent shows them, then loads them through mail', async () => {
      const mail = fakeWithRemote(false);
      const { element } = mountWidget(mail);
      const note = await waitFor(() => getByRole(element, 'note'));
      expect(textOf(note)).toContain('Remote images (1) are blocked to protect your privacy.');
      const image = queryDeep(element, '[part="body"] img')[0] as HTMLImageElement;
      expect(image.hasAttribute('src')).toBe(false);
      expect(mail.calls('GET', '/remote-images/0')).toHaveLength(0);

      getButton(element, 'Show remote images').click();
      await waitFor(() => image.getAttribute('src')?.startsWith('blob:'));
      expect(mail.calls('PUT', `/emails/${EMAIL_ID}/remote-images`)).toHaveLength(1);
      expect(mail.calls('GET', '/remote-images/0')[0].authorization).toBe('Bearer mail-token');
      expect(queryDeep(element, '[role="note"]')).toHaveLength(0);
    });

    it('shows them at once for an email whose remote images were allowed before', async () => {
      const mail = fakeWithRemote(true);
      const { element } = mountWidget(mail);
      const image = await waitFor(() => queryDeep(element, '[part="body"] img')[0] as HTMLImageElement | undefined);
      await waitFor(() => image!.getAttribute('src')?.startsWith('blob:'));
      expect(queryDeep(element, '[role="note"]')).toHaveLength(0);
      expect(mail.calls('PUT', '/remote-images')).toHaveLength(0);
    });

    it('asks nothing for a body without remote images', async () => {
      const mail = fakeWithContent();
      const { element } = mountWidget(mail);
      await waitFor(() => getByRole(element, 'status', 'Received'));
      expect(mail.calls('GET', '/remote-images')).toHaveLength(0);
    });
  });

  it('shows queued and sending states of an outbound email', async () => {
    const mail = new FakeMail(draft({ status: 'sending', to: [{ address: 'a@x.test' }] }));
    const { element } = mountWidget(mail);
    await waitFor(() => textOf(getByRole(element, 'status')) === 'Sending…');
  });

  it('shows a send the SMTP server refused for now as retrying, with the reply and the next attempt', async () => {
    const retry = { reason: '421 4.3.2 Service not available', smtpCode: 421, nextAttemptAt: '2026-03-02T09:30:00.000Z' };
    const mail = new FakeMail(draft({ status: 'queued', to: [{ address: 'a@x.test' }], retry }));
    const { element } = mountWidget(mail);
    const status = await waitFor(() => getByRole(element, 'status', 'Retrying'));
    expect(textOf(status)).toMatch(/^Retrying: 421 4\.3\.2 Service not available, next attempt at .*\b30\b/);
  });
});
