import { isDependencyUnavailable } from './dependency-errors';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('isDependencyUnavailable', () => {
  it('knows a refused or lost connection and a database that is away or full', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '08006', '08001', '57P01', '57P03', '53300']) {
      expect([code, isDependencyUnavailable(withCode(code))]).toEqual([code, true]);
    }
    expect(isDependencyUnavailable(Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('select 1 - Connection terminated unexpectedly'), { name: 'DriverException' }))).toBe(true);
    expect(isDependencyUnavailable(new Error('Transaction query already complete, run with DEBUG=knex:tx for more info'))).toBe(true);
    expect(isDependencyUnavailable(new Error('wrapped', { cause: withCode('ECONNREFUSED') }))).toBe(true);
  });

  it('leaves errors of the request or the code alone', () => {
    for (const code of ['23505', '42P01', '22P02', 'ERR_INVALID_ARG_TYPE']) expect(isDependencyUnavailable(withCode(code))).toBe(false);
    expect(isDependencyUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDependencyUnavailable(null)).toBe(false);
    expect(isDependencyUnavailable('ECONNREFUSED')).toBe(false);
  });
});
