import { resolve } from 'node:path';
import { type LayoutItem, type PageComposition, type PageWidget, RegistryErrorCode } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk/client';
import type { Connection, LayoutTarget, PublishSource, WidgetCommand } from './args';
import { platformAuth, type PlatformAuth } from './auth';
import { manifestIdentity, readDistManifest, readWidgetBuild } from './dist-files';
import { CliError } from './errors';
import { formatWidgetList } from './format';
import { getJson, type Fetch } from './http';
import { placeWidget, unplaceWidget, visibleWidgets } from './placement';
import { RegistryClient } from './registry-client';
import { scaffoldWidget } from './scaffold';
import { resolveLayout } from './teams';

/** What a command needs from the world. */
export interface CommandContext {
  connection: Connection;
  fetch: Fetch;
  /** Folder relative paths are read from. */
  cwd: string;
  /** Writes to standard output. */
  out(text: string): void;
}

const where = (connection: Connection) => (connection.environment ? ` in ${connection.environment}` : '');

/** Name and version of a build registered by URL: from the local dist folder, else from the URL. */
async function identityForUrl(ctx: CommandContext, manifestUrl: string, distDir?: string) {
  if (distDir) return readDistManifest(resolve(ctx.cwd, distDir));
  return manifestIdentity(await getJson(ctx.fetch, manifestUrl), manifestUrl);
}

async function publish(ctx: CommandContext, registry: RegistryClient, source: PublishSource): Promise<void> {
  if (source.kind === 'url') {
    const { name, version } = await identityForUrl(ctx, source.manifestUrl, source.distDir);
    await registry.registerVersion(name, version, source.manifestUrl);
    ctx.out(`Registered ${name}@${version} from ${source.manifestUrl}\n`);
    return;
  }
  const build = readWidgetBuild(resolve(ctx.cwd, source.distDir));
  await registry.uploadVersion(build.name, build.version, build.files);
  const bytes = build.files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  ctx.out(
    `Published ${build.name}@${build.version} (${build.files.length} files, ${(bytes / 1024).toFixed(1)} KiB)\n` +
      `Next: switchboard widget canary ${build.name}@${build.version} --percent 10, or activate ${build.name}@${build.version}\n`,
  );
}

function layoutName(target: LayoutTarget): string {
  if (target.kind === 'default') return 'the default layout';
  return target.teamName ? `the layout of team ${target.teamName} (${target.teamId})` : `the layout of team ${target.teamId}`;
}

/** How to put a widget on agents' pages, printed where a widget is not on any yet. */
const placeHint = (name: string) =>
  `It is on no agent's page until placed: switchboard widget place ${name} --default (every agent without a team layout)\n` +
  `  or switchboard widget place ${name} --team <team name or id>\n`;

/**
 * A version that calls origins besides the platform (`connect`) is activated only once the admin
 * approved them: --approve-connect records the approval in the registry (the page and sandbox
 * CSP allow only approved origins); the CLI names them either way.
 */
async function approveConnect(ctx: CommandContext, registry: RegistryClient, command: Extract<WidgetCommand, { command: 'activate' }>) {
  const { name, version } = command;
  const published = (await registry.widget(name)).versions.find((v) => v.version === version);
  const origins = published?.manifest.connect ?? [];
  if (!origins.length) return;
  const approved = published?.approvedConnect ?? [];
  if (origins.every((origin) => approved.includes(origin))) return;
  if (!command.approveConnect) {
    throw new CliError(
      `${name}@${version} calls ${origins.join(', ')} from agents' browsers (connect in its widget.json). ` +
        'If you approve these origins, activate it again with --approve-connect',
    );
  }
  await registry.approveConnect(name, version, origins);
  ctx.out(`Approved for ${name}@${version}: ${origins.join(', ')}\n`);
}

/** After activation: where the default layout shows the widget, or how to place it. */
async function reportPlacement(ctx: CommandContext, registry: RegistryClient, name: string): Promise<void> {
  const shown = visibleWidgets((await registry.layout({ kind: 'default' })).widgets).includes(name);
  ctx.out(shown ? `${name} is on the default layout\n` : placeHint(name));
}

/**
 * Edits a layout (read, change, save with the version read); when another edit came in between
 * (409), reads it again and applies the change to that, a few times.
 */
async function editLayout(
  registry: RegistryClient,
  target: LayoutTarget,
  change: (widgets: PageWidget[]) => LayoutItem[] | null,
): Promise<PageComposition | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await registry.layout(target);
    const widgets = change(current.widgets);
    if (widgets === null) return null;
    try {
      return await registry.saveLayout(target, current.layoutVersion, widgets);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof ApiError) || error.code !== RegistryErrorCode.layoutVersionConflict) throw error;
    }
  }
}

async function place(ctx: CommandContext, registry: RegistryClient, auth: PlatformAuth, command: Extract<WidgetCommand, { command: 'place' }>) {
  const { name, after } = command;
  const target = await resolveLayout(command.target, auth);
  const saved = await editLayout(registry, target, (widgets) => placeWidget(widgets, name, after));
  const visible = visibleWidgets(saved?.widgets ?? []);
  ctx.out(`Placed ${name} on ${layoutName(target)}${where(ctx.connection)}: ${visible.join(', ')}\n`);
  if (!visible.includes(name)) ctx.out(`${name} has no active version yet: agents see it once you activate one\n`);
  if (target.kind === 'default') ctx.out('Agents whose team has its own layout get that one: place it there too (--team <team name or id>)\n');
  ctx.out("Agents see it on their next page load; an agent's own edited layout still wins over these\n");
}

async function unplace(ctx: CommandContext, registry: RegistryClient, auth: PlatformAuth, command: Extract<WidgetCommand, { command: 'unplace' }>) {
  const { name } = command;
  const target = await resolveLayout(command.target, auth);
  const saved = await editLayout(registry, target, (widgets) => unplaceWidget(widgets, name));
  ctx.out(saved ? `Took ${name} off ${layoutName(target)}${where(ctx.connection)}\n` : `${name} was not on ${layoutName(target)}: nothing to do\n`);
}

/** Runs one `widget` command; failures throw (UsageError, ApiError, CliError). */
export async function runWidgetCommand(command: WidgetCommand, ctx: CommandContext): Promise<void> {
  const { connection } = ctx;
  const auth = platformAuth(connection.url, connection.auth, ctx.fetch);
  const registry = new RegistryClient(connection, auth.registryToken, ctx.fetch);
  switch (command.command) {
    case 'publish':
      return publish(ctx, registry, command.source);
    case 'activate': {
      await approveConnect(ctx, registry, command);
      await registry.activate(command.name, command.version);
      ctx.out(`Activated ${command.name}@${command.version}${where(connection)}\n`);
      return reportPlacement(ctx, registry, command.name);
    }
    case 'rollback': {
      const summary = await registry.rollback(command.name);
      const now = summary.active ? `: ${command.name}@${summary.active} is active` : '';
      ctx.out(`Rolled back ${command.name}${where(connection)}${now}\n`);
      return;
    }
    case 'canary': {
      const { name, version, percent, teams } = command;
      await registry.setCanary(name, { version, percent, teams });
      const audience = [...(percent || !teams.length ? [`${percent}% of agents`] : []), ...(teams.length ? [`teams ${teams.join(', ')}`] : [])];
      ctx.out(`Canary ${name}@${version}${where(connection)} for ${audience.join(' and ')}\n`);
      return;
    }
    case 'canary-off':
      await registry.clearCanary(command.name);
      ctx.out(`Ended the canary of ${command.name}${where(connection)}\n`);
      return;
    case 'place':
      return place(ctx, registry, auth, command);
    case 'unplace':
      return unplace(ctx, registry, auth, command);
    case 'list': {
      const list = await registry.list();
      ctx.out(command.json ? `${JSON.stringify(list, null, 2)}\n` : formatWidgetList(list));
      return;
    }
    case 'new': {
      const dir = resolve(ctx.cwd, command.dir ?? command.name);
      const files = scaffoldWidget(command.name, dir, command.packagesFrom);
      ctx.out(
        `Created the ${command.name} widget in ${dir}:\n${files.map((file) => `  ${file}\n`).join('')}` +
          `Next: npm install, then npm test and npm run build in that folder (see its README.md)\n`,
      );
      return;
    }
  }
}
