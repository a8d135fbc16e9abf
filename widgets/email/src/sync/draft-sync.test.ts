import { BroadcastChannel as NodeBroadcastChannel } from 'node:worker_threads';
import type { Email } from '@switchboard/contracts';
import type { DraftFields } from '../draft/draft-fields';
import { draft } from '../testing/fake-mail';
import { DraftSync, draftChannelName, type SyncChannel } from './draft-sync';
import type { FieldConflict } from './field-merge';

/** One tab: its sync over a real BroadcastChannel, and what it was told. */
interface Tab {
  sync: DraftSync;
  applied: Array<{ fields: Partial<DraftFields>; server: Email | null }>;
  conflicts: readonly FieldConflict[];
  /** Resolves at the next apply or conflict report. */
  next(): Promise<void>;
}

const start = draft({ version: 3, subject: 'Refund', html: '<p>Hello</p>' });
const tabs: Tab[] = [];

function openTab(tabId: string, email: Email = start): Tab {
  const channel = new NodeBroadcastChannel(draftChannelName(email.id)) as unknown as SyncChannel;
  let wake = () => undefined as void;
  const tab: Tab = {
    applied: [],
    conflicts: [],
    next: () => new Promise<void>((resolve) => (wake = resolve)),
    sync: new DraftSync({
      email,
      tabId,
      channel,
      onApply: (fields, server) => {
        tab.applied.push({ fields, server });
        wake();
      },
      onConflicts: (conflicts) => {
        tab.conflicts = conflicts;
        wake();
      },
    }),
  };
  tabs.push(tab);
  return tab;
}

afterEach(() => {
  for (const tab of tabs.splice(0)) tab.sync.dispose();
});

describe('DraftSync between tabs of one browser (T1)', () => {
  it('shows typing of tab A in tab B at once, before it is saved', async () => {
    const a = openTab('a');
    const b = openTab('b');
    const seen = b.next();
    a.sync.edit({ subject: 'Refund approved' });
    await seen;
    expect(b.applied).toEqual([{ fields: { subject: 'Refund approved' }, server: null }]);
  });

  it("passes A's saved copy to B with its version, and ignores it when the stream brings it again", async () => {
    const a = openTab('a');
    const b = openTab('b');
    const saved = { ...start, version: 4, html: '<p>Hello, Jana</p>' };
    const seen = b.next();
    a.sync.edit({ html: saved.html });
    await seen;
    const copy = b.next();
    a.sync.saved(saved);
    await copy;
    expect(b.applied.at(-1)).toEqual({ fields: {}, server: saved });
    b.sync.receive(saved);
    expect(b.applied).toHaveLength(2);
  });

  it('raises the conflict in both tabs when both change the subject; a per-field choice in one resolves it in both', async () => {
    const a = openTab('a');
    const b = openTab('b');
    b.sync.edit({ subject: 'Mine in B' });
    const inB = b.next();
    a.sync.edit({ subject: 'Mine in A', important: true });
    await inB;
    expect(b.conflicts).toEqual([{ name: 'subject', yours: 'Mine in B', theirs: 'Mine in A' }]);
    expect(b.applied.at(-1)?.fields).toEqual({ important: true });
    expect(a.conflicts).toEqual([{ name: 'subject', yours: 'Mine in A', theirs: 'Mine in B' }]);
    const inA = a.next();
    expect(b.sync.resolve({ subject: 'theirs' })).toEqual({ apply: { subject: 'Mine in A' }, keep: [] });
    await inA;
    expect(b.conflicts).toEqual([]);
    expect(b.sync.touchedFields.has('subject')).toBe(false);
    expect(a.conflicts).toEqual([]);
    expect(a.applied.at(-1)?.fields).toEqual({ subject: 'Mine in A' });
  });

  it('Ignore all keeps this tab’s values, and the other tab takes them', async () => {
    const a = openTab('a');
    const b = openTab('b');
    b.sync.edit({ subject: 'Kept' });
    const inB = b.next();
    a.sync.edit({ subject: 'Dropped' });
    await inB;
    const inA = a.next();
    expect(b.sync.resolve({}, 'yours')).toEqual({ apply: {}, keep: ['subject'] });
    expect(b.sync.touchedFields.has('subject')).toBe(true);
    await inA;
    expect(a.applied.at(-1)?.fields).toEqual({ subject: 'Kept' });
    expect(a.conflicts).toEqual([]);
  });
});

describe('DraftSync, typing in turns', () => {
  it('raises no conflict when B types on top of what A typed and A has not saved yet', async () => {
    const a = openTab('a');
    const b = openTab('b');
    const inB = b.next();
    a.sync.edit({ subject: 'Refund for' });
    await inB;
    const inA = a.next();
    b.sync.edit({ subject: 'Refund for order 7781' });
    await inA;
    expect(a.conflicts).toEqual([]);
    expect(a.applied.at(-1)?.fields).toEqual({ subject: 'Refund for order 7781' });
  });
});

describe('DraftSync with the server stream (another device)', () => {
  it('takes from a saved copy only what changed on the server, not fields the tabs already moved past live', async () => {
    const a = openTab('a');
    const b = openTab('b');
    const inB = b.next();
    a.sync.edit({ html: '<p>Dear Jana</p>' });
    await inB;
    b.sync.edit({ html: '<p>Dear Jana, thanks</p>' });
    // A saved only its subject meanwhile: the copy still has the old body.
    b.sync.receive({ ...start, version: 4, subject: 'Refund approved' });
    expect(b.conflicts).toEqual([]);
    expect(b.applied.at(-1)?.fields).toEqual({ subject: 'Refund approved' });
  });

  it("does not roll back another tab's newer text to the saved copy it typed past, and takes the copy that reaches it", async () => {
    const a = openTab('a');
    const b = openTab('b');
    for (const html of ['<p>on its wa</p>', '<p>on its way.</p>']) {
      const inB = b.next();
      a.sync.edit({ html });
      await inB;
    }
    // A saved "on its wa" while its agent typed on; that copy reaches B after the newer text.
    b.sync.receive({ ...start, version: 4, html: '<p>on its wa</p>', subject: 'Refund approved' });
    expect(b.applied.at(-1)?.fields).toEqual({ subject: 'Refund approved' });
    b.sync.receive({ ...start, version: 5, html: '<p>on its way.</p>', subject: 'Refund approved' });
    // Confirmed: a later change from another device applies again, even to a value shown before.
    b.sync.receive({ ...start, version: 6, html: '<p>on its wa</p>', subject: 'Refund approved' });
    expect(b.applied.at(-1)?.fields).toEqual({ html: '<p>on its wa</p>' });
    expect(b.conflicts).toEqual([]);
  });

  it("takes the echo of this tab's own save, arriving while the agent typed on, for nothing new", () => {
    const conflicts: Array<readonly FieldConflict[]> = [];
    const sync = new DraftSync({ email: start, tabId: 'a', onApply: () => undefined, onConflicts: (list) => conflicts.push(list) });
    sync.edit({ subject: 'Refund for' });
    sync.edit({ subject: 'Refund for order' });
    sync.receive({ ...start, version: 4, subject: 'Refund for' });
    expect(conflicts).toEqual([]);
    expect(sync.touchedFields.has('subject')).toBe(true);
  });

  it('holds the stream while this tab saves: the echo of a save the server normalized, arriving before the answer, is no conflict', async () => {
    const conflicts: Array<readonly FieldConflict[]> = [];
    const sync = new DraftSync({ email: start, tabId: 'a', onApply: () => undefined, onConflicts: (list) => conflicts.push(list) });
    sync.edit({ html: '<p>Hello <b>Jana</b></p>' });
    let answer: (email: Email) => void = () => undefined;
    const saving = sync.whileSaving(() => new Promise<Email>((resolve) => (answer = resolve)));
    // The server stored its own spelling of the body, and its stream is faster than the answer.
    const echo = { ...start, version: 4, html: '<p>Hello <strong>Jana</strong></p>' };
    sync.receive(echo);
    sync.edit({ html: '<p>Hello <b>Jana</b>, thanks</p>' });
    answer(echo);
    sync.saved(await saving);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(conflicts).toEqual([]);
    // A copy from elsewhere after the save still counts.
    sync.receive({ ...start, version: 5, html: '<p>Changed on the desktop</p>' });
    expect(conflicts.at(-1)?.map((c) => c.name)).toEqual(['html']);
  });

  it('applies untouched fields of a newer copy and ignores older copies', () => {
    const applied: Array<Partial<DraftFields>> = [];
    const sync = new DraftSync({ email: start, tabId: 'laptop', onApply: (fields) => applied.push(fields), onConflicts: () => undefined });
    sync.receive({ ...start, version: 2, subject: 'Old' });
    sync.receive({ ...start, version: 5, subject: 'From the desktop', cc: [{ address: 'boss@acme.test' }] });
    expect(applied).toEqual([{ cc: [{ address: 'boss@acme.test' }], subject: 'From the desktop' }]);
  });
});
