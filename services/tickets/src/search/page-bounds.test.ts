import { pageBounds } from './search-sql';

describe('pageBounds', () => {
  it('writes the contract default page as literals', () => {
    expect(pageBounds({})).toEqual({ limit: 25, offset: 0, sql: 'limit 25 offset 0', reusable: true });
  });

  it('prepares only the first pages of the common sizes', () => {
    expect(pageBounds({ limit: 100, offset: 900 }).reusable).toBe(true);
    expect(pageBounds({ limit: 25, offset: 250 }).reusable).toBe(false);
    expect(pageBounds({ limit: 25, offset: 10 }).reusable).toBe(false);
    expect(pageBounds({ limit: 7, offset: 0 })).toEqual({ limit: 7, offset: 0, sql: 'limit 7 offset 0', reusable: false });
  });

  it('refuses anything but integers within the contract, so nothing else reaches the text', () => {
    for (const page of [{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { offset: -1 }, { offset: 10_001 }, { limit: Number.NaN }, { limit: '1; drop table x' as unknown as number }]) {
      expect(() => pageBounds(page)).toThrow(RangeError);
    }
  });
});

describe('pageBounds after a cursor', () => {
  it('writes no offset, and prepares the common sizes at any depth', () => {
    expect(pageBounds({ limit: 25 }, true)).toEqual({ limit: 25, offset: 0, sql: 'limit 25', reusable: true });
    expect(pageBounds({ limit: 7, offset: 0 }, true)).toEqual({ limit: 7, offset: 0, sql: 'limit 7', reusable: false });
  });

  it('refuses an offset with it', () => {
    expect(() => pageBounds({ limit: 25, offset: 25 }, true)).toThrow(RangeError);
  });
});
