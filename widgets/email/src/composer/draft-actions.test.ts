import { MailErrorCode, type Email } from '@switchboard/contracts';
import { ApiError, createMemoryHost, createTranslator } from '@switchboard/widget-sdk';
import type { ReactiveControllerHost } from 'lit';
import type { Autosaver } from '../draft/autosave';
import type { DraftBackup } from '../draft/draft-backup';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { draft, EMAIL_ID } from '../testing/fake-mail';
import { DraftActions } from './draft-actions';

const t = createTranslator(messages)('en');

/** An autosave stand-in: settles as told, at version 4; records what the actions did to it. */
function fakeSaver(settles = true, adopts = true) {
  const saver = {
    version: 4,
    updates: [] as unknown[],
    disposed: false,
    settle: async () => settles,
    update: (patch: unknown) => void saver.updates.push(patch),
    dispose: () => void (saver.disposed = true),
    adoptVersion: (server: Email) => {
      if (adopts) saver.version = server.version;
      return adopts;
    },
  };
  return saver;
}

/** The mail service's send and delete, answering from queues of results. */
function fakeApi(sends: Array<Email | Error>, deletion?: Error) {
  const calls = { sends: [] as number[], deletes: 0 };
  const api = {
    sendEmail: async (_id: string, version: number) => {
      calls.sends.push(version);
      const answer = sends.shift();
      if (answer instanceof Error) throw answer;
      return answer as Email;
    },
    deleteEmail: async () => {
      calls.deletes += 1;
      if (deletion) throw deletion;
    },
  };
  return { api: api as unknown as MailApi, calls };
}

function actions(options: { sends?: Array<Email | Error>; deletion?: Error; settles?: boolean; adopts?: boolean } = {}) {
  const element = { addController: jest.fn(), removeController: jest.fn(), requestUpdate: jest.fn(), updateComplete: Promise.resolve(true) };
  const host = createMemoryHost({ context: { user: { id: 'u', name: 'U', locale: 'en' }, page: 'email-detail', emailId: EMAIL_ID } });
  const saver = fakeSaver(options.settles, options.adopts);
  const backup = { cleared: false, clear: () => void (backup.cleared = true) };
  const { api, calls } = fakeApi(options.sends ?? [], options.deletion);
  const alerts: string[] = [];
  const controller = new DraftActions(element as unknown as ReactiveControllerHost, {
    draft: () => ({ email: draft(), api, saver: saver as unknown as Autosaver, backup: backup as unknown as DraftBackup }),
    host: () => host,
    t,
    alert: (message) => alerts.push(message),
  });
  return { controller, element, host, saver, backup, calls, alerts };
}

const queued = draft({ status: 'queued', version: 5 });

describe('DraftActions', () => {
  it('sends nothing when the fields do not pass the check', async () => {
    const { controller, calls, alerts } = actions();
    expect(await controller.send(() => false)).toBeUndefined();
    expect(calls.sends).toEqual([]);
    expect(alerts).toEqual(['']);
  });

  it('sends with the version last seen once autosave has every edit, then forgets the draft in this tab', async () => {
    const { controller, element, saver, backup, calls } = actions({ sends: [queued] });
    const sending = controller.send(() => true);
    expect(controller.sending).toBe(true);
    expect(controller.running).toBe(true);
    expect(await sending).toEqual({ kind: 'sent', email: queued });
    expect(calls.sends).toEqual([4]);
    expect(controller.sending).toBe(false);
    expect(saver.disposed).toBe(true);
    expect(backup.cleared).toBe(true);
    expect(element.requestUpdate).toHaveBeenCalled();
  });

  it('does not send what autosave could not save', async () => {
    const { controller, calls, alerts } = actions({ settles: false });
    expect(await controller.send(() => true)).toBeUndefined();
    expect(calls.sends).toEqual([]);
    expect(alerts.at(-1)).toBe('Not sent: the latest changes are not saved yet.');
  });

  it('retries a 409 once with the newer version when none of its fields moved, and stops when one did', async () => {
    const conflict = new ApiError(409, MailErrorCode.versionConflict, 'stale', { current: draft({ version: 6 }) });
    const retried = actions({ sends: [conflict, queued] });
    expect(await retried.controller.send(() => true)).toEqual({ kind: 'sent', email: queued });
    expect(retried.calls.sends).toEqual([4, 6]);

    const moved = actions({ sends: [conflict], adopts: false });
    expect(await moved.controller.send(() => true)).toBeUndefined();
    expect(moved.calls.sends).toEqual([4]);
    expect(moved.saver.disposed).toBe(false);
  });

  it('takes a repeat of a send accepted before (another tab sent this version) as sent, with the email as it is now', async () => {
    const alreadySent = new ApiError(409, MailErrorCode.alreadySent, 'This send was accepted already', { current: queued });
    const { controller, saver, backup, alerts, calls } = actions({ sends: [alreadySent] });
    expect(await controller.send(() => true)).toEqual({ kind: 'sent', email: queued });
    expect(calls.sends).toEqual([4]);
    expect(saver.disposed).toBe(true);
    expect(backup.cleared).toBe(true);
    expect(alerts).toEqual(['']);

    const conflict = new ApiError(409, MailErrorCode.versionConflict, 'stale', { current: draft({ version: 6 }) });
    const afterRetry = actions({ sends: [conflict, alreadySent] });
    expect(await afterRetry.controller.send(() => true)).toEqual({ kind: 'sent', email: queued });
    expect(afterRetry.calls.sends).toEqual([4, 6]);
  });

  it('ties a refused send to its field, and says any other failure in the alert', async () => {
    const forbidden = new ApiError(403, MailErrorCode.queueForbidden, 'You are not a member of this queue');
    expect(await actions({ sends: [forbidden] }).controller.send(() => true)).toEqual({
      kind: 'refused',
      field: 'queue',
      message: 'You are not a member of this queue',
    });
    const noRecipient = new ApiError(400, MailErrorCode.recipientRequired, 'x');
    expect(await actions({ sends: [noRecipient] }).controller.send(() => true)).toEqual({ kind: 'refused', field: 'to', message: 'Add at least one recipient' });

    const failing = actions({ sends: [new ApiError(503, 'UNAVAILABLE', 'Mail is down')] });
    expect(await failing.controller.send(() => true)).toBeUndefined();
    expect(failing.alerts.at(-1)).toBe('Could not send: Mail is down');
  });

  it('postpones: saves the flag, tells the page and leaves it; a flag it cannot save is taken back', async () => {
    const done = actions();
    expect(await done.controller.postpone()).toBe(true);
    expect(done.saver.updates).toEqual([{ postponed: true }]);
    expect(done.host.emitted).toEqual([{ type: 'email.changed', payload: { emailId: EMAIL_ID, status: 'draft', postponed: true } }]);
    expect(done.host.navigations).toEqual(['/']);
    expect(done.controller.busy).toBe('');

    const unsaved = actions({ settles: false });
    expect(await unsaved.controller.resume()).toBe(false);
    expect(unsaved.saver.updates).toEqual([{ postponed: false }, { postponed: true }]);
    expect(unsaved.alerts.at(-1)).toBe('Could not resume the draft: it is not saved yet.');
    expect(unsaved.host.emitted).toEqual([]);
  });

  it('discards: deletes, tells the page and leaves it; a refusal stays on the page with the alert', async () => {
    const done = actions();
    expect(await done.controller.discard()).toBe('discarded');
    expect(done.calls.deletes).toBe(1);
    expect(done.saver.disposed).toBe(true);
    expect(done.backup.cleared).toBe(true);
    expect(done.host.emitted).toEqual([{ type: 'email.changed', payload: { emailId: EMAIL_ID, status: 'discarded', postponed: false } }]);
    expect(done.host.navigations).toEqual(['/']);

    const refused = actions({ deletion: new ApiError(409, 'EMAIL_NOT_DRAFT', 'Already sent') });
    expect(await refused.controller.discard()).toBe('failed');
    expect(refused.controller.busy).toBe('');
    expect(refused.alerts.at(-1)).toBe('Could not discard the draft: Already sent');
    expect(refused.host.navigations).toEqual([]);
  });
});
