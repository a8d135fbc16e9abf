import { getButton, getByLabel, getByRole, queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { draft, FakeMail, QUEUE_SUPPORT } from '../testing/fake-mail';
import { mountWidget } from '../testing/mount';

afterEach(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

/** A draft ready to send, on a fake whose clock is now, with the agent's undo window. */
function readyMail(undoSendSeconds: number): FakeMail {
  const mail = new FakeMail(draft({ queueId: QUEUE_SUPPORT.id, to: [{ address: 'jana@customer.test' }], subject: 'Your refund' }));
  mail.now = new Date();
  mail.undoSendSeconds = undoSendSeconds;
  return mail;
}

/** The select labelled "Undo window", once the saved value is loaded. */
const undoSelect = (element: Element, label = 'Undo window') => waitFor(() => getByLabel<HTMLSelectElement>(element, label));

/** The status line the select points at with aria-describedby. */
function statusOf(select: HTMLSelectElement): HTMLElement {
  const status = (select.getRootNode() as ShadowRoot).getElementById(select.getAttribute('aria-describedby') ?? '');
  if (!status) throw new Error('the select describes no status line');
  return status;
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

const optionsOf = (select: HTMLSelectElement) => [...select.options].map((option) => [option.value, textOf(option)]);

describe('Undo window setting (E14)', () => {
  it('shows the saved window, saves a change with "Saved", and the next Send waits the new window', async () => {
    const mail = readyMail(20);
    const { element } = mountWidget(mail);
    const select = await undoSelect(element);
    expect(select.value).toBe('20');
    expect(optionsOf(select)).toEqual([
      ['0', 'Off'],
      ['5', '5 s'],
      ['10', '10 s'],
      ['20', '20 s'],
      ['30', '30 s'],
      ['60', '60 s'],
    ]);
    expect(mail.calls('GET', '/settings/send')).toHaveLength(1);
    const status = statusOf(select);
    expect(status.getAttribute('role')).toBe('status');
    expect(textOf(status)).toBe('');

    choose(select, '30');
    await waitFor(() => textOf(status) === 'Saved');
    expect(mail.calls('PUT', '/settings/send').map((request) => request.body)).toEqual([{ undoSendSeconds: 30 }]);
    expect(mail.undoSendSeconds).toBe(30);
    expect(select.value).toBe('30');

    getButton(element, 'Send').click();
    const bar = await waitFor(() => queryDeep(element, 'sb-held-send').find((candidate) => /Sending in (30|29) s/.test(textOf(candidate))));
    expect(bar).toBeDefined();
  });

  it('announces a failed save and saves the choice again on Retry', async () => {
    const mail = readyMail(10);
    let failures = 1;
    mail.intercept = (request) =>
      request.method === 'PUT' && request.url.pathname.endsWith('/settings/send') && failures-- > 0
        ? { status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: 'Mail is restarting' } }
        : undefined;
    const { element } = mountWidget(mail);
    const select = await undoSelect(element);
    choose(select, '0');

    const alert = await waitFor(() => getByRole(element, 'alert', 'undo window'));
    expect(textOf(alert)).toBe('Could not save the undo window: Mail is restarting');
    expect(textOf(statusOf(select))).toBe('');
    expect(select.value).toBe('0');
    expect(mail.undoSendSeconds).toBe(10);

    getButton(element, 'Retry').click();
    await waitFor(() => textOf(statusOf(select)) === 'Saved');
    expect(mail.calls('PUT', '/settings/send').map((request) => request.body)).toEqual([{ undoSendSeconds: 0 }, { undoSendSeconds: 0 }]);
    expect(mail.undoSendSeconds).toBe(0);
    expect(queryDeep(element, '[role="alert"]')).toHaveLength(0);
  });

  it('says when the window cannot be loaded and loads it on Retry', async () => {
    const mail = readyMail(10);
    let failures = 1;
    mail.intercept = (request) =>
      request.method === 'GET' && request.url.pathname.endsWith('/settings/send') && failures-- > 0
        ? { status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: 'Mail is restarting' } }
        : undefined;
    const { element } = mountWidget(mail);
    const alert = await waitFor(() => getByRole(element, 'alert', 'undo window'));
    expect(textOf(alert)).toBe('Could not load your undo window: Mail is restarting');
    getButton(element, 'Retry').click();
    expect((await undoSelect(element)).value).toBe('10');
  });

  it('shows a saved window outside the choices as it is, in Czech', async () => {
    const mail = readyMail(15);
    const { element } = mountWidget(mail, { user: { id: 'u', name: 'Alex', locale: 'cs' } });
    const select = await undoSelect(element, 'Čas na vrácení');
    expect(select.value).toBe('15');
    expect(optionsOf(select).map(([, text]) => text)).toEqual(['Vypnuto', '5 s', '10 s', '15 s', '20 s', '30 s', '60 s']);
    choose(select, '5');
    await waitFor(() => textOf(statusOf(select)) === 'Uloženo');
  });
});
