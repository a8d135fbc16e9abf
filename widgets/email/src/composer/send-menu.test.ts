import type { EmailMacroRun, Macro } from '@switchboard/contracts';
import { getButton, getByRole, press, queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { draft, EMAIL_ID, FakeMail, QUEUE_SUPPORT, type RecordedRequest } from '../testing/fake-mail';
import { mountWidget } from '../testing/mount';
import type { SendMenu } from './send-menu';

afterEach(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

const at = '2026-03-01T09:00:00.000Z';
const macro = (id: string, name: string): Macro => ({
  id,
  name,
  actions: [{ type: 'setStatus', status: 'closed' }],
  scope: 'everyone',
  ownerId: null,
  teamId: null,
  canEdit: false,
  version: 1,
  createdAt: at,
  updatedAt: at,
});
const CLOSE = macro('66666666-6666-4666-8666-666666666661', 'Close as solved');
const WAIT = macro('66666666-6666-4666-8666-666666666662', 'Wait for customer');

const step = (index: number, type: string, state: EmailMacroRun['steps'][number]['state'], reason: string | null = null) => ({
  index,
  type,
  state,
  reason,
  finishedAt: null,
});

/** The fake mail with macros, a ready draft, and the run the progress line reads (changed by the test). */
function macroMail(run: () => EmailMacroRun | null) {
  const mail = new FakeMail(draft({ queueId: QUEUE_SUPPORT.id, to: [{ address: 'jana@customer.test' }] }));
  mail.intercept = (request: RecordedRequest) => {
    const path = request.url.pathname;
    if (path === '/api/mail/macros') return { status: 200, body: { items: [CLOSE, WAIT] } };
    if (path.endsWith('/macro/retry')) return { status: 202, body: run() };
    if (path.endsWith('/macro')) {
      const current = run();
      return current ? { status: 200, body: current } : { status: 404, body: { code: 'MACRO_NOT_FOUND', message: 'Macro not found' } };
    }
    return undefined;
  };
  return mail;
}

const menuOf = (element: Element) => queryDeep<SendMenu>(element, 'sb-send-menu')[0]!;
const focused = (menu: SendMenu) => menu.shadowRoot!.activeElement;

describe('Send and … (E13)', () => {
  it('opens with the keyboard on the first macro, moves with arrows, closes with Escape, and loads macros only when opened', async () => {
    const mail = macroMail(() => null);
    const { element } = mountWidget(mail);
    const button = await waitFor(() => getButton(element, 'Send and run a macro'));
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(mail.calls('GET', '/macros')).toHaveLength(0);

    press(button, 'Enter');
    const menu = menuOf(element);
    const items = await waitFor(() => {
      const found = queryDeep<HTMLButtonElement>(menu, '[role="menuitem"]');
      return found.length === 2 ? found : undefined;
    });
    expect(items.map(textOf)).toEqual(['Send and Close as solved', 'Send and Wait for customer']);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => focused(menu) === items[0]);
    press(items[0], 'ArrowDown');
    expect(focused(menu)).toBe(items[1]);
    press(items[1], 'ArrowDown');
    expect(focused(menu)).toBe(items[0]);
    press(items[0], 'Escape');
    await waitFor(() => queryDeep(menu, '[role="menu"]').length === 0);
    expect(focused(menu)).toBe(button);
    expect(mail.calls('POST', '/send')).toHaveLength(0);
  });

  it('sends with the chosen macro and shows its progress, then the failure and Try again', async () => {
    // The send records the run; the worker then settles its steps one by one.
    let run: EmailMacroRun = {
      emailId: EMAIL_ID,
      macroId: CLOSE.id,
      name: CLOSE.name,
      steps: [step(0, 'setStatus', 'done'), step(1, 'addTags', 'pending'), step(2, 'addNote', 'pending')],
    };
    const mail = macroMail(() => run);
    const { element } = mountWidget(mail);
    (await waitFor(() => getButton(element, 'Send and run a macro'))).click();
    (await waitFor(() => getButton(element, 'Send and Close as solved'))).click();

    await waitFor(() => mail.calls('POST', '/send').length === 1);
    expect(mail.calls('POST', '/send')[0].body).toEqual({ version: 1, macroId: CLOSE.id });
    await waitFor(() => textOf(getByRole(element, 'status', /Macro/)).includes('1 of 3 done'));
    run = {
      ...run,
      steps: [step(0, 'setStatus', 'done'), step(1, 'addTags', 'done'), step(2, 'addNote', 'failed', 'POST /contacts/x/activities answered 404 CONTACT_NOT_FOUND')],
    };
    const failure = await waitFor(() => {
      const line = getByRole(element, 'status', /Macro/);
      return textOf(line).includes('failed') ? line : undefined;
    });
    expect(textOf(failure)).toBe("Macro 'Close as solved': step 3 (add a note) failed: POST /contacts/x/activities answered 404 CONTACT_NOT_FOUND");

    run = { ...run, steps: run.steps.map((s) => ({ ...s, state: 'done' as const, reason: null })) };
    getButton(element, 'Try again').click();
    await waitFor(() => mail.calls('POST', '/macro/retry').length === 1);
    await waitFor(() => textOf(getByRole(element, 'status', /Macro/)) === "Macro 'Close as solved': 3 of 3 done");
  });

  it("tells ticket.changed each time more of the macro's steps are done, so the Tickets widget reloads the ticket", async () => {
    const ticket = { id: '77777777-7777-4777-8777-777777777777', number: 4711, title: 'Refund' };
    let run: EmailMacroRun = { emailId: EMAIL_ID, macroId: CLOSE.id, name: CLOSE.name, steps: [step(0, 'setStatus', 'pending'), step(1, 'addTags', 'pending')] };
    const mail = macroMail(() => run);
    mail.emails.set(EMAIL_ID, { ...mail.email(), ticket });
    const { element, host } = mountWidget(mail);
    const changes = () => host.emitted.filter((event) => event.type === 'ticket.changed');
    (await waitFor(() => getButton(element, 'Send and run a macro'))).click();
    (await waitFor(() => getButton(element, 'Send and Close as solved'))).click();
    await waitFor(() => textOf(getByRole(element, 'status', /Macro/)).includes('0 of 2 done'));
    expect(changes()).toEqual([]);
    run = { ...run, steps: [step(0, 'setStatus', 'done'), step(1, 'addTags', 'pending')] };
    await waitFor(() => changes().length === 1);
    run = { ...run, steps: [step(0, 'setStatus', 'done'), step(1, 'addTags', 'done')] };
    await waitFor(() => textOf(getByRole(element, 'status', /Macro/)).includes('2 of 2 done'));
    expect(changes()).toEqual([
      { type: 'ticket.changed', payload: { ticketId: ticket.id } },
      { type: 'ticket.changed', payload: { ticketId: ticket.id } },
    ]);
  });

  it('speaks Czech', async () => {
    const mail = macroMail(() => ({ emailId: EMAIL_ID, macroId: WAIT.id, name: WAIT.name, steps: [step(0, 'setStatus', 'done'), step(1, 'addNote', 'skipped', 'No contact')] }));
    mail.emails.set(EMAIL_ID, { ...mail.email(), status: 'sent', sentAt: '2026-03-02T10:20:05.000Z' });
    const { element } = mountWidget(mail, { user: { id: 'u', name: 'Alex', locale: 'cs' } });
    await waitFor(() => textOf(getByRole(element, 'status', /Makro/)) === 'Makro „Wait for customer“: hotovo 1 z 2, přeskočeno: 1');
  });
});
