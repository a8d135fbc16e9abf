import { MailErrorCode } from '@switchboard/contracts';
import { getButton, getByLabel, getByRole, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { draft, EMAIL_ID, FakeMail, QUEUE_SUPPORT, TICKET } from '../testing/fake-mail';
import { mountWidget } from '../testing/mount';
import { toLocalInput, tomorrowMorning } from './send-later-dialog';

afterEach(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

/** A draft ready to send, on a fake whose clock is now: the undo window runs in real time. */
function readyMail(patch: Parameters<typeof draft>[0] = {}): FakeMail {
  const mail = new FakeMail(draft({ queueId: QUEUE_SUPPORT.id, to: [{ address: 'jana@customer.test' }], subject: 'Your refund', ...patch }));
  mail.now = new Date();
  return mail;
}

const openDialog = (element: Element) => waitFor(() => queryDeep<HTMLDialogElement>(element, 'dialog').find((dialog) => dialog.open));

describe('Undo send (E14)', () => {
  it('after Send shows the countdown of the server’s window with Undo; Undo brings the draft back into the composer', async () => {
    const mail = readyMail();
    const { element, host } = mountWidget(mail);
    (await waitFor(() => getButton(element, 'Send'))).click();

    const undo = await waitFor(() => getButton(element, 'Undo sending “Your refund”'));
    const bar = queryDeep(element, 'sb-held-send')[0]!;
    expect(textOf(bar)).toMatch(/Sending in (10|9) s/);
    undo.click();

    const subject = await waitFor(() => getByLabel(element, 'Subject'));
    expect(subject.value).toBe('Your refund');
    expect(mail.calls('POST', '/unsend')).toHaveLength(1);
    expect(mail.email().status).toBe('draft');
    const events = host.emitted.map((event) => [event.type, event.payload]);
    expect(events).toContainEqual(['email.changed', { emailId: EMAIL_ID, status: 'queued', postponed: false }]);
    expect(events).toContainEqual(['email.changed', { emailId: EMAIL_ID, status: 'draft', postponed: false }]);
  });

  it('shows the same window after a reload (the email is queued on the server) and says when Undo is too late', async () => {
    const releaseAt = new Date(Date.now() + 6000).toISOString();
    const mail = readyMail({ status: 'queued', releaseAt, version: 4 });
    mail.intercept = (request) =>
      request.url.pathname.endsWith('/unsend') ? { status: 409, body: { code: MailErrorCode.sendNotHeld, message: 'Not waiting' } } : undefined;
    const { element } = mountWidget(mail);
    const bar = await waitFor(() => queryDeep(element, 'sb-held-send').find((candidate) => /Sending in [56] s/.test(textOf(candidate))));
    getButton(bar, 'Undo sending “Your refund”').click();
    const alert = await waitFor(() => getByRole(element, 'alert', 'Too late'));
    expect(textOf(alert)).toBe('Too late to undo: the email is already on its way.');
  });

  it('shows no Undo once the window is over', async () => {
    const mail = readyMail({ status: 'queued', releaseAt: new Date(Date.now() - 1000).toISOString() });
    const { element } = mountWidget(mail);
    await waitFor(() => getByRole(element, 'status', 'Queued'));
    expect(queryDeep(element, 'button').map((button) => textOf(button))).not.toContain('Undo');
  });
});

describe('Send later (E15)', () => {
  it('picks a time in the agent’s zone from the keyboard, refuses the past, schedules; Cancel sending brings the draft back', async () => {
    const mail = readyMail({ ticket: TICKET });
    const { element, host } = mountWidget(mail);
    (await waitFor(() => getButton(element, 'Send later…'))).click();
    const dialog = await openDialog(element);
    const input = getByLabel(dialog, 'Send at');
    await waitFor(() => (dialog.getRootNode() as ShadowRoot).activeElement === input);
    expect(textOf(dialog)).toContain(`Time zone: ${Intl.DateTimeFormat().resolvedOptions().timeZone}`);

    typeInto(input, toLocalInput(new Date(Date.now() - 60 * 60 * 1000)));
    getButton(dialog, 'Schedule').click();
    expect(textOf(await waitFor(() => getByRole(dialog, 'alert')))).toBe('Choose a time in the future.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(mail.calls('POST', '/send')).toHaveLength(0);

    getButton(dialog, 'Tomorrow at 8:00').click();
    getButton(dialog, 'Schedule').click();
    await waitFor(() => mail.calls('POST', '/send').length === 1);
    const sendAt = tomorrowMorning(new Date()).toISOString();
    expect(mail.calls('POST', '/send')[0].body).toEqual({ version: 1, sendAt });

    const bar = await waitFor(() => queryDeep(element, 'sb-held-send').find((candidate) => textOf(candidate).includes('Scheduled for')));
    expect(textOf(bar)).toContain(`(${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect(host.emitted.map((event) => event.payload)).toContainEqual({ emailId: EMAIL_ID, status: 'scheduled', postponed: true });
    getButton(bar, 'Cancel sending').click();
    await waitFor(() => getByLabel(element, 'Subject'));
    expect(mail.email().status).toBe('draft');
  });

  it('changes the time of a scheduled send with the version it shows', async () => {
    const releaseAt = new Date(Date.now() + 2 * 60 * 60 * 1000);
    releaseAt.setSeconds(0, 0);
    const mail = readyMail({ status: 'scheduled', postponed: true, releaseAt: releaseAt.toISOString(), version: 5 });
    const { element } = mountWidget(mail);
    (await waitFor(() => getButton(element, 'Change time'))).click();
    const dialog = await openDialog(element);
    const input = getByLabel(dialog, 'Send at');
    expect(input.value).toBe(toLocalInput(releaseAt));
    const later = new Date(releaseAt.getTime() + 24 * 60 * 60 * 1000);
    typeInto(input, toLocalInput(later));
    getButton(dialog, 'Schedule').click();
    await waitFor(() => mail.calls('POST', '/schedule').length === 1);
    expect(mail.calls('POST', '/schedule')[0].body).toEqual({ version: 5, sendAt: later.toISOString() });
    await waitFor(() => mail.email().releaseAt === later.toISOString());
  });

  it('speaks Czech', async () => {
    const mail = readyMail();
    const { element } = mountWidget(mail, { user: { id: 'u', name: 'Agent', locale: 'cs' } });
    (await waitFor(() => getButton(element, 'Odeslat později…'))).click();
    const dialog = await openDialog(element);
    expect(textOf(dialog)).toContain('Odeslat později');
    expect(textOf(dialog)).toContain('Časové pásmo:');
    getButton(dialog, 'Zítra v 8:00');
  });

  it('tells the agent when a scheduled send was held back because the customer wrote first', async () => {
    const mail = readyMail({ postponed: true, heldAt: new Date().toISOString() });
    const { element } = mountWidget(mail);
    const alert = await waitFor(() => getByRole(element, 'alert', 'Held back'));
    expect(textOf(alert)).toContain('the customer wrote to the ticket after you scheduled this email');
  });
});
