/**
 * When a send that met a transient SMTP failure (4xx, connection refused or lost) is tried again.
 * RFC 5321 (4.5.4.1) asks senders to keep trying for days, at growing intervals: like an MTA's
 * queue, each wait doubles from `firstDelayMs` up to `maxDelayMs`, each drawn within ±20% so that
 * the sends of one outage do not all come back at once, until `giveUpAfterMs` has passed since
 * the email was released; then the email fails with the last reply.
 */
export interface RetrySchedule {
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

/** 30 s, 1 min, 2 min ... then hourly, for 2 days (about 55 attempts). */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  firstDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  giveUpAfterMs: 2 * 24 * 60 * 60_000,
};

/** Share of a wait drawn at random either way. */
const JITTER = 0.2;

/** The wait before retry `retry` (1 for the wait after the first attempt), jitter aside. */
const baseDelayMs = (schedule: RetrySchedule, retry: number) => Math.min(schedule.maxDelayMs, schedule.firstDelayMs * 2 ** (retry - 1));

/**
 * When attempt `attempt + 1` runs after attempt `attempt` failed at `now`, or null when that
 * would fall past the give-up time counted from `releasedAt` (the email fails now instead).
 */
export function nextAttemptAt(schedule: RetrySchedule, attempt: number, releasedAt: Date, now: Date, random: () => number = Math.random): Date | null {
  const delay = Math.round(baseDelayMs(schedule, attempt) * (1 - JITTER + 2 * JITTER * random()));
  const next = now.getTime() + delay;
  return next > releasedAt.getTime() + schedule.giveUpAfterMs ? null : new Date(next);
}

/** The most attempts the schedule can make (every wait at its shortest): the claim guard's basis. */
export function mostAttempts(schedule: RetrySchedule): number {
  let attempts = 1;
  for (let elapsed = 0; ; attempts += 1) {
    elapsed += baseDelayMs(schedule, attempts) * (1 - JITTER);
    if (elapsed > schedule.giveUpAfterMs) return attempts;
  }
}
