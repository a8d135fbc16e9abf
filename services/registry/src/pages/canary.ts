import { createHash } from 'node:crypto';
import type { Canary } from '@switchboard/contracts';

/**
 * The caller's bucket 0-99 for one widget: the same user always lands in the same bucket, and
 * buckets of different widgets are independent, so one user is not in every canary at once.
 */
export function canaryBucket(subject: string, widget: string): number {
  return createHash('sha256').update(`${subject}:${widget}`).digest().readUInt32BE(0) % 100;
}

/** Whether the caller gets the canary candidate: by team membership, else by their stable bucket. */
export function inCanary(canary: Canary, widget: string, caller: { sub: string; teams: string[] }): boolean {
  const teams = new Set(canary.teams.map((t) => t.toLowerCase()));
  if (caller.teams.some((t) => teams.has(t))) return true;
  return canaryBucket(caller.sub, widget) < canary.percent;
}
