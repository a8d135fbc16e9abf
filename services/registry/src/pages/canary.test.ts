import { randomUUID } from 'node:crypto';
import { canaryBucket, inCanary } from './canary';

describe('canaryBucket', () => {
  it('is stable per user and widget, and spread over 0-99', () => {
    const users = Array.from({ length: 2000 }, () => randomUUID());
    const buckets = users.map((u) => canaryBucket(u, 'tickets'));
    expect(users.map((u) => canaryBucket(u, 'tickets'))).toEqual(buckets);
    expect(Math.min(...buckets)).toBe(0);
    expect(Math.max(...buckets)).toBe(99);
    const lowerHalf = buckets.filter((b) => b < 50).length;
    expect(lowerHalf).toBeGreaterThan(800);
    expect(lowerHalf).toBeLessThan(1200);
  });

  it('draws independent buckets for different widgets', () => {
    const users = Array.from({ length: 500 }, () => randomUUID());
    const same = users.filter((u) => canaryBucket(u, 'tickets') === canaryBucket(u, 'email')).length;
    expect(same).toBeLessThan(50);
  });
});

describe('inCanary', () => {
  const team = randomUUID();
  it('takes every member of a canary team, whatever the percentage', () => {
    expect(inCanary({ version: '2.0.0', percent: 0, teams: [team.toUpperCase()] }, 'tickets', { sub: randomUUID(), teams: [team] })).toBe(true);
  });

  it('takes everyone at 100% and nobody at 0%', () => {
    const caller = { sub: randomUUID(), teams: [] };
    expect(inCanary({ version: '2.0.0', percent: 100, teams: [] }, 'tickets', caller)).toBe(true);
    expect(inCanary({ version: '2.0.0', percent: 0, teams: [team] }, 'tickets', caller)).toBe(false);
  });
});
