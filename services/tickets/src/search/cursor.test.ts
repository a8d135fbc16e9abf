import { decodeCursor, encodeCursor } from './cursor';

describe('search cursors', () => {
  const cursor = { time: '2026-12-06T10:16:17.123456Z', id: '0a7e0000-0000-4000-8000-000000000001' };

  it('reads back what it wrote, microseconds and all', () => {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('takes the first and last instants PostgreSQL and the pattern share', () => {
    for (const time of ['0001-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z', '2028-02-29T00:00:00.000000Z']) {
      expect(decodeCursor(encodeCursor({ ...cursor, time })).time).toBe(time);
    }
  });

  it('refuses anything else with INVALID_CURSOR', () => {
    const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    for (const text of [
      '',
      'not json',
      b64('[1, 2'),
      b64([cursor.time]),
      b64([cursor.time, cursor.id, 3]),
      b64([cursor.time, 42]),
      b64(['2026-12-06T24:00:00.000000Z', cursor.id]),
      b64(['2027-02-29T00:00:00.000000Z', cursor.id]),
      b64(['2026-12-06 10:16:17.123456+00', cursor.id]),
      b64([cursor.time, `${cursor.id} `]),
      `${encodeCursor(cursor)}A`,
      ` ${encodeCursor(cursor)}`,
    ]) {
      expect(() => decodeCursor(text)).toThrow(expect.objectContaining({ statusCode: 400, code: 'INVALID_CURSOR' }));
    }
  });
});
