import { DEFAULT_URL, parseInvocation, type Invocation } from './args';
import { UsageError } from './errors';

const TEAM_A = '00000000-0000-4000-8000-000000000101';
const TEAM_B = '00000000-0000-4000-8000-000000000102';
const tokenEnv = { SWITCHBOARD_TOKEN: 'env-token' };

/** The command part of a successful parse. */
function command(argv: string[], env: NodeJS.ProcessEnv = tokenEnv) {
  const invocation = parseInvocation(argv, env);
  if (invocation.command === 'help') throw new Error('parsed as help');
  return invocation.command;
}

function connection(argv: string[], env: NodeJS.ProcessEnv) {
  const invocation = parseInvocation(['widget', 'list', ...argv], env);
  if (invocation.command === 'help') throw new Error('parsed as help');
  return invocation.connection;
}

function usageError(argv: string[], env: NodeJS.ProcessEnv = tokenEnv): string {
  try {
    parseInvocation(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`"${argv.join(' ')}" parsed without a usage error`);
}

describe('parseInvocation', () => {
  it.each([[['--help']], [['-h']], [['help']], [['widget', 'publish', '--help']]])('reads %j as help', (argv) => {
    expect(parseInvocation(argv, {})).toEqual<Invocation>({ command: 'help' });
  });

  it('reads publish of a dist folder and registration by URL', () => {
    expect(command(['widget', 'publish', 'dist'])).toEqual({ command: 'publish', source: { kind: 'upload', distDir: 'dist' } });
    expect(command(['widget', 'publish', '--manifest-url', 'https://cdn.example/w/widget.json'])).toEqual({
      command: 'publish',
      source: { kind: 'url', manifestUrl: 'https://cdn.example/w/widget.json', distDir: undefined },
    });
    expect(command(['widget', 'publish', 'dist', '--manifest-url', 'http://127.0.0.1:5173/widget.json'])).toEqual({
      command: 'publish',
      source: { kind: 'url', manifestUrl: 'http://127.0.0.1:5173/widget.json', distDir: 'dist' },
    });
    expect(usageError(['widget', 'publish'])).toBe('Give the dist folder to upload, or --manifest-url');
    expect(usageError(['widget', 'publish', '--manifest-url', 'widget.json'])).toMatch(/--manifest-url must be an absolute http\(s\) URL/);
    expect(usageError(['widget', 'publish', 'a', 'b'])).toBe('Unexpected argument "b" for "widget publish"');
  });

  it('reads activate and rollback, checking names and versions', () => {
    expect(command(['widget', 'activate', 'order-lookup@1.2.0-rc.1'])).toEqual({
      command: 'activate',
      name: 'order-lookup',
      version: '1.2.0-rc.1',
      approveConnect: false,
    });
    expect(command(['widget', 'activate', 'order-lookup@1.2.0', '--approve-connect'])).toMatchObject({ approveConnect: true });
    expect(command(['widget', 'rollback', 'tickets'])).toEqual({ command: 'rollback', name: 'tickets' });
    expect(usageError(['widget', 'activate', 'tickets'])).toBe('Expected <name>@<version>, got "tickets"');
    expect(usageError(['widget', 'activate', 'tickets@1.2'])).toMatch(/"1.2" is not a version/);
    expect(usageError(['widget', 'activate', 'Tickets@1.2.0'])).toMatch(/"Tickets" is not a widget name/);
    expect(usageError(['widget', 'rollback'])).toBe('Missing the widget name');
  });

  it('reads a canary by percent and teams, and its end', () => {
    expect(command(['widget', 'canary', 'tickets@1.3.0', '--percent', '10', '--teams', `${TEAM_A}, ${TEAM_B}`])).toEqual({
      command: 'canary',
      name: 'tickets',
      version: '1.3.0',
      percent: 10,
      teams: [TEAM_A, TEAM_B],
    });
    expect(command(['widget', 'canary', 'tickets@1.3.0', '--teams', TEAM_A])).toMatchObject({ percent: 0, teams: [TEAM_A] });
    expect(command(['widget', 'canary', 'tickets@1.3.0', '--percent', '100'])).toMatchObject({ percent: 100, teams: [] });
    expect(command(['widget', 'canary', 'tickets', '--off'])).toEqual({ command: 'canary-off', name: 'tickets' });
  });

  it.each([
    [['--percent', '101'], /--percent must be a whole number from 0 to 100/],
    [['--percent', '5.5'], /--percent must be a whole number/],
    [['--percent=-1'], /--percent must be a whole number/],
    [['--teams', 'support'], /"support" is not one/],
    [[], /Say who gets the canary/],
    [['--off', '--percent', '5'], /--off takes no --percent or --teams/],
  ])('refuses canary options %j', (options, message) => {
    const argv = options[0] === '--off' ? ['widget', 'canary', 'tickets', ...options] : ['widget', 'canary', 'tickets@1.3.0', ...options];
    expect(usageError(argv)).toMatch(message);
  });

  it('reads place and unplace on a team layout or the default one', () => {
    expect(command(['widget', 'place', 'parcel-tracker', '--team', TEAM_A])).toEqual({
      command: 'place',
      name: 'parcel-tracker',
      target: { kind: 'team', teamId: TEAM_A },
    });
    expect(command(['widget', 'place', 'parcel-tracker', '--default', '--after', 'tickets'])).toEqual({
      command: 'place',
      name: 'parcel-tracker',
      target: { kind: 'default' },
      after: 'tickets',
    });
    expect(command(['widget', 'unplace', 'parcel-tracker', '--default'])).toEqual({ command: 'unplace', name: 'parcel-tracker', target: { kind: 'default' } });
  });

  it('takes a team by name as well, for identity to resolve', () => {
    expect(command(['widget', 'place', 'parcel-tracker', '--team', ' Tier 2 Support '])).toEqual({
      command: 'place',
      name: 'parcel-tracker',
      target: { kind: 'team-name', teamName: 'Tier 2 Support' },
    });
  });

  it.each([
    [['widget', 'place', 'parcel-tracker'], /Say which layout: widget place <name> --team <team name or id> or --default/],
    [['widget', 'place', 'parcel-tracker', '--default', '--team', TEAM_A], /--team <name or id> or --default, not both/],
    [['widget', 'place', 'parcel-tracker', '--team', ' '], /--team takes one team name or id, got " "/],
    [['widget', 'place', 'parcel-tracker', '--team', 'x'.repeat(201)], /--team takes one team name or id/],
    [['widget', 'place', 'parcel-tracker', '--default', '--after', 'Email'], /"Email" is not a widget name/],
    [['widget', 'unplace', 'parcel-tracker', '--default', '--after', 'tickets'], /--after is not an option of "widget unplace"/],
    [['widget', 'place', '--default'], /Missing the widget name/],
  ])('refuses %j', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('reads list and new', () => {
    expect(command(['widget', 'list'])).toEqual({ command: 'list', json: false });
    expect(command(['widget', 'list', '--json'])).toEqual({ command: 'list', json: true });
    expect(command(['widget', 'new', 'order-lookup', '--dir', 'examples/order-lookup'], {})).toEqual({
      command: 'new',
      name: 'order-lookup',
      dir: 'examples/order-lookup',
    });
    expect(command(['widget', 'new', 'order-lookup', '--packages-from', 'https://sb.example/'], {})).toEqual({
      command: 'new',
      name: 'order-lookup',
      dir: undefined,
      packagesFrom: 'https://sb.example',
    });
    expect(usageError(['widget', 'new', 'order-lookup', '--packages-from', 'sb.example'])).toMatch(/--packages-from must be an absolute http\(s\) URL/);
    expect(usageError(['widget', 'new', 'order_lookup'])).toMatch(/"order_lookup" is not a widget name/);
    expect(usageError(['widget', 'list', 'extra'])).toBe('Unexpected argument "extra" for "widget list"');
  });

  it('refuses unknown commands and options, and options of other commands', () => {
    expect(usageError([])).toBe('Missing a command');
    expect(usageError(['widgets', 'list'])).toBe('Unknown command "widgets"');
    expect(usageError(['widget'])).toBe('Missing the widget command');
    expect(usageError(['widget', 'delete', 'x'])).toBe('Unknown command "widget delete"');
    expect(usageError(['widget', 'toString'])).toBe('Unknown command "widget toString"');
    expect(usageError(['widget', 'list', '--nope'])).toMatch(/Unknown option '--nope'/);
    expect(usageError(['widget', 'list', '--percent', '5'])).toBe('--percent is not an option of "widget list"');
    expect(usageError(['widget', 'activate', 'a@1.0.0', '--json'])).toBe('--json is not an option of "widget activate"');
    expect(usageError(['widget', 'list', '--url'])).toMatch(/argument missing/);
  });

  it('takes the gateway URL from --url, else SWITCHBOARD_URL, else the default, without a trailing slash', () => {
    expect(connection([], tokenEnv).url).toBe(DEFAULT_URL);
    expect(connection([], { ...tokenEnv, SWITCHBOARD_URL: 'https://sb.example/' }).url).toBe('https://sb.example');
    expect(connection(['--url', 'http://10.0.0.5:8080/base/'], { SWITCHBOARD_URL: 'https://sb.example' }).url).toBe('http://10.0.0.5:8080/base');
    expect(usageError(['widget', 'list', '--url', 'sb.example'])).toMatch(/--url must be an absolute http\(s\) URL/);
    expect(usageError(['widget', 'list', '--url', 'ftp://sb.example'])).toMatch(/--url must be http or https/);
  });

  it('passes the environment on only when one is given', () => {
    expect(connection([], tokenEnv)).not.toHaveProperty('environment');
    expect(connection(['--env', 'staging'], tokenEnv).environment).toBe('staging');
    expect(usageError(['widget', 'list', '--env', 'Prod!'])).toMatch(/"Prod!" is not an environment name/);
  });

  it('prefers --token, then SWITCHBOARD_TOKEN, then email and password', () => {
    const login = { SWITCHBOARD_EMAIL: 'admin@demo.test', SWITCHBOARD_PASSWORD: 'demo' };
    expect(connection(['--token', 'flag-token'], { ...tokenEnv, ...login }).auth).toEqual({ kind: 'token', token: 'flag-token' });
    expect(connection([], { ...tokenEnv, ...login }).auth).toEqual({ kind: 'token', token: 'env-token' });
    expect(connection([], login).auth).toEqual({ kind: 'login', email: 'admin@demo.test', password: 'demo' });
    expect(connection([], {}).auth).toBeUndefined();
    expect(usageError(['widget', 'list'], { SWITCHBOARD_EMAIL: 'admin@demo.test' })).toMatch(/Set both SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD/);
  });
});
