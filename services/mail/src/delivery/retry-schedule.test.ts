import { DEFAULT_RETRY_SCHEDULE, mostAttempts, nextAttemptAt } from './retry-schedule';

const released = new Date('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(released.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('SMTP retry schedule', () => {
  it('doubles the wait from 30 s and caps it at an hour', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => nextAttemptAt(DEFAULT_RETRY_SCHEDULE, attempt, released, released, () => 0.5)!.getTime() - released.getTime());
    expect(waits).toEqual([30_000, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 16 * MINUTE, 32 * MINUTE, HOUR, HOUR]);
  });

  it('draws each wait within 20% either way', () => {
    const wait = (random: number) => nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 20, released, released, () => random)!.getTime() - released.getTime();
    expect([wait(0), wait(0.5), wait(0.999_999)]).toEqual([0.8 * HOUR, HOUR, Math.round(1.2 * HOUR - 0.000_001 * 0.4 * HOUR)]);
  });

  it('keeps trying for two days after the release, then gives up', () => {
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 40, released, at(47 * HOUR), () => 0.5)).toEqual(at(48 * HOUR));
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 40, released, at(47 * HOUR + 1), () => 0.5)).toBeNull();
  });

  it('bounds the attempts of the default schedule, for the claim guard', () => {
    expect(mostAttempts(DEFAULT_RETRY_SCHEDULE)).toBeGreaterThan(48);
    expect(mostAttempts(DEFAULT_RETRY_SCHEDULE)).toBeLessThan(70);
    expect(mostAttempts({ firstDelayMs: 100, maxDelayMs: 400, giveUpAfterMs: 1000 })).toBe(5);
  });
});
