import { parseArgs } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { EnvironmentSchema, UUID_PATTERN, WidgetNameSchema, WidgetVersionSchema } from '@switchboard/contracts';
import { UsageError } from './errors';

/** Gateway the CLI talks to when neither `--url` nor SWITCHBOARD_URL says otherwise. */
export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** How the CLI gets its registry token. */
export type Auth =
  | { kind: 'token'; token: string }
  /** Log in at identity and exchange the session for a `registry` token. */
  | { kind: 'login'; email: string; password: string };

/** Where and as whom the CLI calls the platform. */
export interface Connection {
  /** Gateway base URL without a trailing slash. */
  url: string;
  /** Deployment environment; the registry's default when absent. */
  environment?: string;
  /** Credentials; absent when none were given (only `new` and help work then). */
  auth?: Auth;
}

/** What `widget publish` sends: the files of a dist folder, or the URL of a widget.json served elsewhere. */
export type PublishSource =
  | { kind: 'upload'; distDir: string }
  /** `distDir`, when given, tells the name and version; otherwise the manifest at the URL does. */
  | { kind: 'url'; manifestUrl: string; distDir?: string };

/** A layout an admin places widgets on: a team's, or the default every agent without one gets. */
export type LayoutTarget = { kind: 'team'; teamId: string; teamName?: string } | { kind: 'default' };

/** The layout as the command line names it: by team id, or by a team name identity resolves. */
export type LayoutChoice = LayoutTarget | { kind: 'team-name'; teamName: string };

/** One `switchboard widget <command>` with its arguments. */
export type WidgetCommand =
  | { command: 'publish'; source: PublishSource }
  /** `approveConnect`: the admin approves the origins the version calls (its manifest's `connect`). */
  | { command: 'activate'; name: string; version: string; approveConnect: boolean }
  | { command: 'rollback'; name: string }
  | { command: 'canary'; name: string; version: string; percent: number; teams: string[] }
  | { command: 'canary-off'; name: string }
  | { command: 'place'; name: string; target: LayoutChoice; after?: string }
  | { command: 'unplace'; name: string; target: LayoutChoice }
  | { command: 'list'; json: boolean }
  /** `packagesFrom`: the gateway whose registry serves the @switchboard/* tarballs. */
  | { command: 'new'; name: string; dir?: string; packagesFrom?: string };

/** What the command line asks for: help, or a command with its connection. */
export type Invocation = { command: 'help' } | { command: WidgetCommand; connection: Connection };

const options = {
  url: { type: 'string' },
  env: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'manifest-url': { type: 'string' },
  percent: { type: 'string' },
  teams: { type: 'string' },
  off: { type: 'boolean' },
  json: { type: 'boolean' },
  dir: { type: 'string' },
  'packages-from': { type: 'string' },
  'approve-connect': { type: 'boolean' },
  team: { type: 'string' },
  default: { type: 'boolean' },
  after: { type: 'string' },
} as const;

type OptionName = keyof typeof options;
type Values = { [K in OptionName]?: (typeof options)[K]['type'] extends 'string' ? string : boolean };

const GLOBAL_OPTIONS: OptionName[] = ['url', 'env', 'token', 'help'];
/** Options each command accepts besides the global ones. */
const COMMAND_OPTIONS: Record<string, OptionName[]> = {
  publish: ['manifest-url'],
  activate: ['approve-connect'],
  rollback: [],
  canary: ['percent', 'teams', 'off'],
  place: ['team', 'default', 'after'],
  unplace: ['team', 'default'],
  list: ['json'],
  new: ['dir', 'packages-from'],
};

/** Checks a widget name against the registry's pattern. */
export function parseWidgetName(value: string | undefined): string {
  if (value === undefined) throw new UsageError('Missing the widget name');
  if (!Value.Check(WidgetNameSchema, value)) {
    throw new UsageError(`"${value}" is not a widget name: lowercase letters, digits and "-", starting with a letter, at most 63`);
  }
  return value;
}

/** Splits `name@version` and checks both parts. */
export function parseWidgetRef(value: string | undefined): { name: string; version: string } {
  if (value === undefined) throw new UsageError('Missing <name>@<version>');
  const at = value.indexOf('@');
  if (at < 0) throw new UsageError(`Expected <name>@<version>, got "${value}"`);
  const version = value.slice(at + 1);
  if (!Value.Check(WidgetVersionSchema, version)) throw new UsageError(`"${version}" is not a version like 1.2.3 or 1.2.3-rc.1`);
  return { name: parseWidgetName(value.slice(0, at)), version };
}

function parsePercent(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 100) throw new UsageError(`--percent must be a whole number from 0 to 100, got "${value}"`);
  return Number(value);
}

function parseTeams(value: string): string[] {
  const teams = value.split(',').map((team) => team.trim()).filter(Boolean);
  const bad = teams.find((team) => !UUID_PATTERN.test(team));
  if (bad !== undefined) throw new UsageError(`--teams takes team ids (UUIDs) separated by commas; "${bad}" is not one`);
  return teams;
}

/** Longest team name `--team` takes. */
const MAX_TEAM_NAME = 200;

/** `--team <name or id>` or `--default`, exactly one of them. */
function parseLayoutChoice(command: string, values: Values): LayoutChoice {
  if (values.default && values.team !== undefined) throw new UsageError(`widget ${command} takes --team <name or id> or --default, not both`);
  if (values.default) return { kind: 'default' };
  if (values.team === undefined) throw new UsageError(`Say which layout: widget ${command} <name> --team <team name or id> or --default`);
  const team = values.team.trim();
  if (UUID_PATTERN.test(team)) return { kind: 'team', teamId: team };
  if (!team || team.length > MAX_TEAM_NAME) throw new UsageError(`--team takes one team name or id, got "${values.team}"`);
  return { kind: 'team-name', teamName: team };
}

function parseUrl(value: string, option = '--url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${option} must be http or https, got "${value}"`);
  return url.href.replace(/\/+$/, '');
}

function parseManifestUrl(value: string): string {
  if (!/^https?:\/\/[^/]/.test(value)) throw new UsageError(`--manifest-url must be an absolute http(s) URL, got "${value}"`);
  return value;
}

/** Credentials from `--token`, SWITCHBOARD_TOKEN, or SWITCHBOARD_EMAIL + SWITCHBOARD_PASSWORD. */
function resolveAuth(token: string | undefined, env: NodeJS.ProcessEnv): Auth | undefined {
  const given = token ?? env.SWITCHBOARD_TOKEN;
  if (given) return { kind: 'token', token: given };
  const { SWITCHBOARD_EMAIL: email, SWITCHBOARD_PASSWORD: password } = env;
  if (email && password) return { kind: 'login', email, password };
  if (email || password) throw new UsageError('Set both SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD, or SWITCHBOARD_TOKEN');
  return undefined;
}

function rejectForeignOptions(command: string, values: Values): void {
  const allowed = new Set([...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command]]);
  const foreign = (Object.keys(values) as OptionName[]).find((name) => values[name] !== undefined && !allowed.has(name));
  if (foreign) throw new UsageError(`--${foreign} is not an option of "widget ${command}"`);
}

function expectArgs(command: string, args: string[], max: number): void {
  if (args.length > max) throw new UsageError(`Unexpected argument "${args[max]}" for "widget ${command}"`);
}

function parseWidgetCommand(command: string, args: string[], values: Values): WidgetCommand {
  switch (command) {
    case 'publish':
      expectArgs(command, args, 1);
      if (values['manifest-url'] !== undefined) {
        return { command, source: { kind: 'url', manifestUrl: parseManifestUrl(values['manifest-url']), distDir: args[0] } };
      }
      if (args[0] === undefined) throw new UsageError('Give the dist folder to upload, or --manifest-url');
      return { command, source: { kind: 'upload', distDir: args[0] } };
    case 'activate':
      expectArgs(command, args, 1);
      return { command, ...parseWidgetRef(args[0]), approveConnect: values['approve-connect'] ?? false };
    case 'rollback':
      expectArgs(command, args, 1);
      return { command, name: parseWidgetName(args[0]) };
    case 'canary':
      expectArgs(command, args, 1);
      if (values.off) {
        if (values.percent !== undefined || values.teams !== undefined) throw new UsageError('--off takes no --percent or --teams');
        return { command: 'canary-off', name: parseWidgetName(args[0]) };
      }
      if (values.percent === undefined && values.teams === undefined) {
        throw new UsageError('Say who gets the canary: --percent N and/or --teams id,id (or --off to end it)');
      }
      return {
        command,
        ...parseWidgetRef(args[0]),
        percent: values.percent === undefined ? 0 : parsePercent(values.percent),
        teams: values.teams === undefined ? [] : parseTeams(values.teams),
      };
    case 'place':
      expectArgs(command, args, 1);
      return {
        command,
        name: parseWidgetName(args[0]),
        target: parseLayoutChoice(command, values),
        ...(values.after === undefined ? {} : { after: parseWidgetName(values.after) }),
      };
    case 'unplace':
      expectArgs(command, args, 1);
      return { command, name: parseWidgetName(args[0]), target: parseLayoutChoice(command, values) };
    case 'list':
      expectArgs(command, args, 0);
      return { command, json: values.json ?? false };
    case 'new':
      expectArgs(command, args, 1);
      return {
        command,
        name: parseWidgetName(args[0]),
        dir: values.dir,
        ...(values['packages-from'] === undefined ? {} : { packagesFrom: parseUrl(values['packages-from'], '--packages-from') }),
      };
    default:
      throw new UsageError(`Unknown command "widget ${command}"`);
  }
}

/**
 * Reads `switchboard widget <command> [args] [options]`. Options may come anywhere; each command
 * accepts only its own and the global ones. Throws UsageError for anything it cannot read.
 */
export function parseInvocation(argv: string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [group, command, ...args] = positionals;
  if (values.help || group === 'help') return { command: 'help' };
  if (group !== 'widget') throw new UsageError(group === undefined ? 'Missing a command' : `Unknown command "${group}"`);
  if (command === undefined) throw new UsageError('Missing the widget command');
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw new UsageError(`Unknown command "widget ${command}"`);
  rejectForeignOptions(command, values);
  const environment = values.env;
  if (environment !== undefined && !Value.Check(EnvironmentSchema, environment)) {
    throw new UsageError(`"${environment}" is not an environment name: lowercase letters, digits and "-"`);
  }
  return {
    command: parseWidgetCommand(command, args, values),
    connection: {
      url: parseUrl(values.url ?? env.SWITCHBOARD_URL ?? DEFAULT_URL),
      ...(environment === undefined ? {} : { environment }),
      auth: resolveAuth(values.token, env),
    },
  };
}
