import { resolve } from 'node:path';
import type { Connection, PublishSource, WidgetCommand } from './args';
import { registryTokenSource } from './auth';
import { manifestIdentity, readDistManifest, readWidgetBuild } from './dist-files';
import { formatWidgetList } from './format';
import { getJson, type Fetch } from './http';
import { RegistryClient } from './registry-client';
import { scaffoldWidget } from './scaffold';

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

/** Runs one `widget` command; failures throw (UsageError, ApiError, CliError). */
export async function runWidgetCommand(command: WidgetCommand, ctx: CommandContext): Promise<void> {
  const { connection } = ctx;
  const registry = new RegistryClient(connection, registryTokenSource(connection.url, connection.auth, ctx.fetch), ctx.fetch);
  switch (command.command) {
    case 'publish':
      return publish(ctx, registry, command.source);
    case 'activate': {
      await registry.activate(command.name, command.version);
      ctx.out(`Activated ${command.name}@${command.version}${where(connection)}\n`);
      return;
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
    case 'list': {
      const list = await registry.list();
      ctx.out(command.json ? `${JSON.stringify(list, null, 2)}\n` : formatWidgetList(list));
      return;
    }
    case 'new': {
      const dir = resolve(ctx.cwd, command.dir ?? command.name);
      const files = scaffoldWidget(command.name, dir);
      ctx.out(
        `Created the ${command.name} widget in ${dir}:\n${files.map((file) => `  ${file}\n`).join('')}` +
          `Next: npm install, then npm test and npm run build in that folder (see its README.md)\n`,
      );
      return;
    }
  }
}
