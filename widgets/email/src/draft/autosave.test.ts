import type { Email, PatchDraftBody } from '@switchboard/contracts';
import { ApiError, createMemoryHost } from '@switchboard/widget-sdk';
import { HttpMailApi } from '../mail-api';
import { draft, EMAIL_ID, FakeMail } from '../testing/fake-mail';
import { Autosaver, type SaveState } from './autosave';
import { DraftBackup } from './draft-backup';

const context = { user: { id: 'u', name: 'Alex', locale: 'en' as const }, page: 'email-detail', emailId: EMAIL_ID };

let mail: FakeMail;
let states: SaveState[];

function saverFor(email: Email, options: { backup?: DraftBackup; save?: (body: PatchDraftBody) => Promise<Email> } = {}): Autosaver {
  const api = new HttpMailApi(createMemoryHost({ context, serviceUrl: '/api/mail', token: 't' }), mail.fetch);
  return new Autosaver({
    email,
    save: options.save ?? ((body, { keepalive }) => api.patchDraft(email.id, body, { keepalive })),
    backup: options.backup,
    onState: (state) => states.push(state),
  });
}

const patches = () => mail.calls('PATCH');

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
  sessionStorage.clear();
  mail = new FakeMail(draft({ version: 4 }));
  states = [];
});

afterEach(() => {
  jest.useRealTimers();
});

describe('Autosaver', () => {
  it('sends one PATCH with the version last seen ~600 ms after typing stops', async () => {
    const saver = saverFor(mail.email());
    for (const subject of ['H', 'He', 'Hel', 'Hell', 'Hello']) {
      saver.update({ subject });
      await jest.advanceTimersByTimeAsync(100);
    }
    expect(patches()).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(600);

    expect(patches()).toHaveLength(1);
    expect(patches()[0].body).toEqual({ version: 4, subject: 'Hello' });
    expect(saver.version).toBe(5);
    expect(saver.state).toEqual({ kind: 'saved', at: mail.email().updatedAt });
    expect(states.map((state) => state.kind)).toEqual(['saving', 'saved']);
  });

  it('saves after a short pause while another device has the draft open, and after a typing pause again when it leaves (T1)', async () => {
    const saver = saverFor(mail.email());
    saver.update({ subject: 'H' });
    saver.setWatched(true);
    await jest.advanceTimersByTimeAsync(50);
    expect(patches().map((call) => call.body)).toEqual([{ version: 4, subject: 'H' }]);

    saver.update({ subject: 'He' });
    await jest.advanceTimersByTimeAsync(50);
    expect(patches()).toHaveLength(2);

    saver.setWatched(false);
    saver.update({ subject: 'Hey' });
    await jest.advanceTimersByTimeAsync(500);
    expect(patches()).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(100);
    expect(patches().map((call) => call.body)).toEqual([
      { version: 4, subject: 'H' },
      { version: 5, subject: 'He' },
      { version: 6, subject: 'Hey' },
    ]);
  });

  it('saves at most every ~3 s while typing goes on, one request at a time', async () => {
    let release: () => void = () => undefined;
    const api = new HttpMailApi(createMemoryHost({ context, serviceUrl: '/api/mail' }), mail.fetch);
    const saver = saverFor(mail.email(), {
      save: async (body) => {
        await new Promise<void>((resolve) => (release = resolve));
        return api.patchDraft(EMAIL_ID, body);
      },
    });
    for (let i = 1; i <= 16; i++) {
      saver.update({ html: `<p>${'x'.repeat(i)}</p>` });
      await jest.advanceTimersByTimeAsync(200);
    }
    // 3.2 s of typing: the first save started at 3 s and is still waiting; nothing else went out.
    expect(states.filter((state) => state.kind === 'saving')).toHaveLength(1);
    for (let i = 17; i <= 40; i++) {
      saver.update({ html: `<p>${'x'.repeat(i)}</p>` });
      await jest.advanceTimersByTimeAsync(200);
    }
    expect(states.filter((state) => state.kind === 'saving')).toHaveLength(1);
    release();
    await jest.advanceTimersByTimeAsync(0);
    // The queued follow-up carries the new version and the latest text.
    expect(patches()).toHaveLength(1);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(patches()).toHaveLength(2);
    expect(patches()[1].body).toEqual({ version: 5, html: `<p>${'x'.repeat(40)}</p>` });
  });

  it('never puts CR or LF into a PATCH body', async () => {
    const saver = saverFor(mail.email());
    saver.update({
      subject: 'Refund\r\nBcc: evil@x.test',
      to: [{ address: 'jana@customer.test', name: 'Jana\r\nNováková' }],
    });
    await jest.advanceTimersByTimeAsync(600);
    const [request] = patches();
    expect(request.rawBody).not.toMatch(/\\r|\\n|\r|\n/);
    expect(request.body).toMatchObject({ subject: 'Refund Bcc: evil@x.test', to: [{ address: 'jana@customer.test', name: 'Jana Nováková' }] });
  });

  it('retries a failed save with backoff and keeps the edit meanwhile', async () => {
    let failures = 2;
    mail.intercept = (request) =>
      request.method === 'PATCH' && failures-- > 0 ? { status: 503, body: { code: 'UNAVAILABLE', message: 'down' } } : undefined;
    const backup = new DraftBackup(EMAIL_ID);
    const saver = saverFor(mail.email(), { backup });
    saver.update({ subject: 'Hello' });
    await jest.advanceTimersByTimeAsync(600);
    expect(saver.state.kind).toBe('retrying');
    expect(backup.read()?.fields).toEqual({ subject: 'Hello' });

    await jest.advanceTimersByTimeAsync(1000);
    expect(patches()).toHaveLength(2);
    expect(saver.state.kind).toBe('retrying');
    await jest.advanceTimersByTimeAsync(1999);
    expect(patches()).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);

    expect(patches()).toHaveLength(3);
    expect(saver.state.kind).toBe('saved');
    expect(mail.email().subject).toBe('Hello');
    expect(backup.read()).toBeUndefined();
  });

  it('shows a conflict on 409 when another tab changed a field, keeping the local text', async () => {
    const saver = saverFor(mail.email());
    mail.changeElsewhere({ subject: 'Theirs' });
    saver.update({ subject: 'Mine', html: '<p>my text</p>' });
    await jest.advanceTimersByTimeAsync(600);

    expect(saver.state).toMatchObject({ kind: 'conflict', fields: ['subject'] });
    expect(saver.values.subject).toBe('Mine');
    expect(mail.email().subject).toBe('Theirs');
    // Edits go on, but nothing is saved until the agent decides.
    saver.update({ html: '<p>my text, longer</p>' });
    await jest.advanceTimersByTimeAsync(5000);
    expect(patches()).toHaveLength(1);

    saver.keepMine();
    await jest.advanceTimersByTimeAsync(0);
    expect(patches()).toHaveLength(2);
    expect(patches()[1].body).toMatchObject({ version: 5, subject: 'Mine', html: '<p>my text, longer</p>' });
    expect(mail.email().subject).toBe('Mine');
  });

  it("settles a refused save with the live dialog's decision: what this tab kept is saved on the server's version (T3)", async () => {
    const saver = saverFor(mail.email());
    mail.changeElsewhere({ subject: 'From the laptop', html: '<p>Laptop body</p>' });
    saver.update({ subject: 'Mine', html: '<p>My body</p>' });
    await jest.advanceTimersByTimeAsync(600);
    expect(saver.state.kind).toBe('conflict');

    // Keep my subject, take their body.
    saver.decide({ html: '<p>Laptop body</p>' });
    await jest.advanceTimersByTimeAsync(600);

    expect(patches().at(-1)?.body).toEqual({ version: 5, subject: 'Mine', html: '<p>Laptop body</p>' });
    expect(saver.state.kind).toBe('saved');
    expect(mail.email()).toMatchObject({ subject: 'Mine', html: '<p>Laptop body</p>' });
  });

  it('takes the server copy on "take theirs"', async () => {
    const saver = saverFor(mail.email());
    mail.changeElsewhere({ subject: 'Theirs', html: '<p>their text</p>' });
    saver.update({ subject: 'Mine' });
    await jest.advanceTimersByTimeAsync(600);

    const values = saver.takeTheirs();
    expect(values).toMatchObject({ subject: 'Theirs', html: '<p>their text</p>' });
    expect(saver.version).toBe(5);
    expect(saver.state.kind).toBe('saved');
    saver.update({ important: true });
    await jest.advanceTimersByTimeAsync(600);
    expect(patches()[1].body).toEqual({ version: 5, important: true });
  });

  it('re-saves silently when only the version moved (e.g. an attachment was added)', async () => {
    const saver = saverFor(mail.email());
    mail.changeElsewhere({});
    saver.update({ subject: 'Mine' });
    await jest.advanceTimersByTimeAsync(600);

    expect(patches().map((request) => (request.body as PatchDraftBody).version)).toEqual([4, 5]);
    expect(saver.state.kind).toBe('saved');
    expect(mail.email().subject).toBe('Mine');
  });

  it('stops retrying a refused edit and says why', async () => {
    mail.intercept = (request) =>
      request.method === 'PATCH' ? { status: 403, body: { code: 'QUEUE_FORBIDDEN', message: 'Not your queue' } } : undefined;
    const saver = saverFor(mail.email());
    saver.update({ queueId: '22222222-2222-4222-8222-999999999999' });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(patches()).toHaveLength(1);
    expect(saver.state).toEqual({ kind: 'failed', message: 'Not your queue', code: 'QUEUE_FORBIDDEN' });
  });

  it('restores unsaved edits of this tab that are newer than the server copy', async () => {
    new DraftBackup(EMAIL_ID).write(4, { subject: 'Typed before the crash' });
    const saver = saverFor(mail.email(), { backup: new DraftBackup(EMAIL_ID) });
    expect(saver.values.subject).toBe('Typed before the crash');
    expect(saver.restored).toEqual(['subject']);

    await jest.advanceTimersByTimeAsync(600);
    expect(patches()[0].body).toEqual({ version: 4, subject: 'Typed before the crash' });
    expect(new DraftBackup(EMAIL_ID).read()).toBeUndefined();
  });

  it('asks before restoring edits made on a version the server has moved past', async () => {
    new DraftBackup(EMAIL_ID).write(3, { subject: 'Old local edit' });
    const saver = saverFor(mail.email(), { backup: new DraftBackup(EMAIL_ID) });
    expect(saver.state).toMatchObject({ kind: 'conflict', fields: ['subject'] });
    await jest.advanceTimersByTimeAsync(5000);
    expect(patches()).toHaveLength(0);
  });

  it('forgets a backup identical to the server copy', () => {
    new DraftBackup(EMAIL_ID).write(3, { subject: '' });
    const saver = saverFor(mail.email(), { backup: new DraftBackup(EMAIL_ID) });
    expect(saver.restored).toEqual([]);
    expect(new DraftBackup(EMAIL_ID).read()).toBeUndefined();
  });

  it('flushes with keepalive when the page goes away', async () => {
    const saver = saverFor(mail.email());
    saver.update({ subject: 'Last words' });
    await saver.flush({ keepalive: true });
    expect(patches()[0].keepalive).toBe(true);
    expect(mail.email().subject).toBe('Last words');
  });

  it('adopts a newer version for a send when no field moved, and refuses when one did', () => {
    const saver = saverFor(mail.email());
    expect(saver.adoptVersion(mail.changeElsewhere({}))).toBe(true);
    expect(saver.version).toBe(5);
    expect(saver.adoptVersion(mail.changeElsewhere({ subject: 'Theirs' }))).toBe(false);
    expect(saver.state).toMatchObject({ kind: 'conflict', fields: ['subject'] });
  });

  it('settles: true once the server has every edit', async () => {
    const saver = saverFor(mail.email());
    saver.update({ subject: 'Ready' });
    await expect(saver.settle()).resolves.toBe(true);
    expect(saver.pending).toBe(false);
    mail.intercept = () => Promise.reject(new ApiError(0, 'NETWORK', 'offline'));
    saver.update({ subject: 'Offline' });
    await expect(saver.settle()).resolves.toBe(false);
  });
});
