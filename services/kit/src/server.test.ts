import { createServiceApp, type ServiceApp } from './app';
import { intFromEnv, requireEnv, startFromEnvironment, type ServiceEnvironment } from './server';

const NAME = 'SERVICE_KIT_TEST_VALUE';

/** process.exit stops the test instead of the process; what was printed is kept. */
function watchExit() {
  const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${String(code)}`);
  });
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return { exit, printed };
}

afterEach(() => {
  delete process.env[NAME];
  jest.restoreAllMocks();
});

describe('requireEnv', () => {
  it('returns the variable, or the fallback when it is unset', () => {
    expect(requireEnv(NAME, 'fallback')).toBe('fallback');
    process.env[NAME] = 'set';
    expect(requireEnv(NAME, 'fallback')).toBe('set');
  });

  it('exits with 1 and names the variable when it is missing or empty', () => {
    const { exit, printed } = watchExit();
    expect(() => requireEnv(NAME)).toThrow('exit 1');
    process.env[NAME] = '';
    expect(() => requireEnv(NAME, 'fallback')).toThrow('exit 1');
    expect(exit).toHaveBeenCalledTimes(2);
    expect(printed).toHaveBeenCalledWith(`Missing environment variable ${NAME}`);
  });
});

describe('intFromEnv', () => {
  it('returns the whole number set, or the fallback when it is unset', () => {
    expect(intFromEnv(NAME, 4004)).toBe(4004);
    process.env[NAME] = '0';
    expect(intFromEnv(NAME, 4004)).toBe(0);
    process.env[NAME] = '25';
    expect(intFromEnv(NAME, 4004)).toBe(25);
  });

  it.each(['ten', '1.5', '-1', 'NaN'])('exits with 1 on %j', (raw) => {
    const { exit, printed } = watchExit();
    process.env[NAME] = raw;
    expect(() => intFromEnv(NAME, 10)).toThrow('exit 1');
    expect(exit).toHaveBeenCalledWith(1);
    expect(printed).toHaveBeenCalledWith(`${NAME}=${raw} is not a whole number`);
  });

  it('refuses a number below the minimum asked for', () => {
    process.env[NAME] = '1';
    expect(intFromEnv(NAME, 8, 1)).toBe(1);
    const { exit, printed } = watchExit();
    process.env[NAME] = '0';
    expect(() => intFromEnv(NAME, 8, 1)).toThrow('exit 1');
    expect(exit).toHaveBeenCalledWith(1);
    expect(printed).toHaveBeenCalledWith(`${NAME}=0 is not a whole number of at least 1`);
  });

  it('exits with 1 when the variable is empty', () => {
    const { exit } = watchExit();
    process.env[NAME] = '';
    expect(() => intFromEnv(NAME, 10)).toThrow('exit 1');
    expect(exit).toHaveBeenCalledWith(1);
  });
});

describe('startFromEnvironment with MIGRATE_ONLY=true (a migration Job)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('builds the app (which migrates), closes it and never listens', async () => {
    Object.assign(process.env, { MIGRATE_ONLY: 'true', DATABASE_URL: 'postgres://db.invalid/switchboard', DB_POOL_SIZE: '3' });
    let built: ServiceApp | undefined;
    let seen: ServiceEnvironment | undefined;
    const outcome = await startFromEnvironment(4999, async (env) => {
      seen = env;
      built = await createServiceApp({ name: 'migrate-only', logger: false, auth: { audience: 'tickets', getKey: async () => { throw new Error('no keys'); } } });
      return built;
    });
    expect(outcome).toBe('migrated');
    expect(seen).toMatchObject({ databaseUrl: 'postgres://db.invalid/switchboard', poolSize: 3 });
    expect(built?.server.listening).toBe(false);
    // Closed: a closed Fastify instance answers no request.
    await expect(built!.inject({ url: '/health' })).rejects.toThrow();
  });
});
