import type { Email, EmailStatus } from '@switchboard/contracts';
import { StatusPoller } from './status-poller';
import { draft } from './testing/fake-mail';

beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }));
afterEach(() => jest.useRealTimers());

/** A poller over a scripted list of answers (statuses, or errors). */
function pollerOver(answers: Array<EmailStatus | Error>) {
  const seen: Email[] = [];
  const load = jest.fn(async () => {
    const next = answers.shift() ?? 'sent';
    if (next instanceof Error) throw next;
    return draft({ status: next });
  });
  const poller = new StatusPoller({ load, onUpdate: (email) => seen.push(email) });
  return { poller, load, seen };
}

describe('StatusPoller', () => {
  it('polls every second at first, backs off to five seconds and stops once sent', async () => {
    const { poller, load, seen } = pollerOver(['queued', 'queued', 'sending', 'sending', 'sending', 'sending', 'sent']);
    poller.start();
    const pollTimes: number[] = [];
    let elapsed = 0;
    while (poller.active && elapsed < 60_000) {
      await jest.advanceTimersByTimeAsync(500);
      elapsed += 500;
      if (load.mock.calls.length > pollTimes.length) pollTimes.push(elapsed);
    }
    expect(pollTimes).toEqual([1000, 2000, 3000, 5000, 8000, 13000, 18000]);
    expect(seen.map((email) => email.status)).toEqual(['queued', 'queued', 'sending', 'sending', 'sending', 'sending', 'sent']);
    expect(poller.active).toBe(false);
  });

  it('keeps polling after a failed poll and stops on a failed send', async () => {
    const { poller, seen } = pollerOver([new Error('offline'), 'queued', 'failed']);
    poller.start();
    await jest.advanceTimersByTimeAsync(3000);
    expect(seen.map((email) => email.status)).toEqual(['queued', 'failed']);
    expect(poller.active).toBe(false);
  });

  it('ignores an answer that arrives after stop', async () => {
    const { poller, seen } = pollerOver(['queued']);
    poller.start();
    await jest.advanceTimersByTimeAsync(999);
    poller.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([]);
  });
});
