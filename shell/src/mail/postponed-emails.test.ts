import type { EmailSummary } from '@switchboard/contracts';
import { EventBus } from '../widgets/event-bus';
import { followEmailChanges, PostponedEmails } from './postponed-emails';

const summary = (id: string): EmailSummary => ({
  id,
  direction: 'outbound',
  status: 'draft',
  from: null,
  to: [{ address: 'jana@customer.test' }],
  subject: `Subject ${id}`,
  preview: '',
  important: false,
  postponed: true,
  ticket: null,
  attachmentCount: 0,
  updatedAt: '2025-01-02T10:00:00.000Z',
  sentAt: null,
});

/** A mail client whose answers are released by hand, so the test controls the order. */
function fakeMail() {
  const waiting: Array<{ resolve: (items: EmailSummary[]) => void; reject: (error: Error) => void }> = [];
  return {
    calls: () => waiting.length,
    postponed: () => new Promise<EmailSummary[]>((resolve, reject) => waiting.push({ resolve, reject })),
    answer: (index: number, items: EmailSummary[] | Error) => {
      if (items instanceof Error) waiting[index].reject(items);
      else waiting[index].resolve(items);
    },
  };
}

beforeEach(() => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('PostponedEmails', () => {
  it('loads the list and tells its listeners', async () => {
    const mail = fakeMail();
    const store = new PostponedEmails(mail);
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.state.status));

    const done = store.refresh();
    mail.answer(0, [summary('a')]);
    await done;

    expect(store.state).toEqual({ status: 'ready', items: [summary('a')] });
    expect(seen).toEqual(['loading', 'ready']);
  });

  it('runs one more load after the current one when asked during it, shared by later callers', async () => {
    const mail = fakeMail();
    const store = new PostponedEmails(mail);
    const first = store.refresh();
    const second = store.refresh();
    const third = store.refresh();
    expect(mail.calls()).toBe(1);

    mail.answer(0, [summary('old')]);
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(mail.calls()).toBe(2);
    mail.answer(1, [summary('old'), summary('new')]);
    await Promise.all([second, third]);

    expect(mail.calls()).toBe(2);
    expect(store.state).toMatchObject({ status: 'ready', items: [{ id: 'old' }, { id: 'new' }] });
  });

  it('keeps the last list when a reload fails', async () => {
    const mail = fakeMail();
    const store = new PostponedEmails(mail);
    const first = store.refresh();
    mail.answer(0, [summary('a')]);
    await first;
    const second = store.refresh();
    expect(store.state).toEqual({ status: 'loading', items: [summary('a')] });
    mail.answer(1, new Error('mail is down'));
    await second;
    expect(store.state).toEqual({ status: 'failed', items: [summary('a')] });
  });

  it('ignores an answer that arrives after clear(), e.g. after a logout', async () => {
    const mail = fakeMail();
    const store = new PostponedEmails(mail);
    const load = store.refresh();
    store.clear();
    mail.answer(0, [summary('previous agent')]);
    await load;
    expect(store.state).toEqual({ status: 'idle' });
  });
});

describe('followEmailChanges', () => {
  it("refreshes the list on each email.changed of the page's bus, until unsubscribed", () => {
    const bus = new EventBus();
    let refreshes = 0;
    const off = followEmailChanges(bus, { refresh: async () => void (refreshes += 1) });
    bus.emit('email.changed', { emailId: 'e1', status: 'draft', postponed: true });
    bus.emit('ticket.created', { ticket: { id: 't1', number: 1, title: 'x' } });
    bus.emit('email.changed', { emailId: 'e1', status: 'queued', postponed: false });
    expect(refreshes).toBe(2);
    off();
    bus.emit('email.changed', { emailId: 'e1', status: 'sent', postponed: false });
    expect(refreshes).toBe(2);
  });
});
