import type {
  ActivateBody,
  Canary,
  RegisterVersionBody,
  RollbackBody,
  SetCanaryBody,
  WidgetList,
  WidgetSummary,
} from '@switchboard/contracts';
import type { Connection } from './args';
import type { TokenSource } from './auth';
import type { DistFile } from './dist-files';
import { CliError } from './errors';
import { jsonHeaders, readJson, send, type Fetch } from './http';

/** Content types of the files a widget build holds; the rest go as octet streams. */
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript',
  mjs: 'text/javascript',
  json: 'application/json',
  map: 'application/json',
  css: 'text/css',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  txt: 'text/plain',
};

function contentType(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** The registry's HTTP API (shared-contracts/src/registry.ts), reached through the gateway. */
export class RegistryClient {
  private readonly base: string;

  constructor(
    private readonly connection: Connection,
    private readonly token: TokenSource,
    private readonly fetchImpl: Fetch,
  ) {
    this.base = `${connection.url}/api/registry`;
  }

  /** PUT /widgets/:name/versions/:version as multipart: one part per file, filename = path in dist/. */
  async uploadVersion(name: string, version: string, files: DistFile[]): Promise<void> {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([file.bytes], { type: contentType(file.path) }), file.path);
    await this.call('PUT', this.versionPath(name, version), form);
  }

  /** PUT /widgets/:name/versions/:version with `{ manifestUrl }`: a build served elsewhere. */
  async registerVersion(name: string, version: string, manifestUrl: string): Promise<void> {
    const body: RegisterVersionBody = { manifestUrl };
    await this.call('PUT', this.versionPath(name, version), body);
  }

  /** POST /widgets/:name/activate. */
  async activate(name: string, version: string): Promise<WidgetSummary | undefined> {
    const body: ActivateBody = { version, ...this.environment() };
    return this.call<WidgetSummary>('POST', `${this.widgetPath(name)}/activate`, body);
  }

  /** POST /widgets/:name/rollback: back to the previously active version. */
  async rollback(name: string): Promise<WidgetSummary | undefined> {
    const body: RollbackBody = this.environment();
    return this.call<WidgetSummary>('POST', `${this.widgetPath(name)}/rollback`, body);
  }

  /** PUT /widgets/:name/canary. */
  async setCanary(name: string, canary: Canary): Promise<void> {
    const body: SetCanaryBody = { ...canary, ...this.environment() };
    await this.call('PUT', `${this.widgetPath(name)}/canary`, body);
  }

  /** DELETE /widgets/:name/canary (environment in the query). */
  async clearCanary(name: string): Promise<void> {
    await this.call('DELETE', `${this.widgetPath(name)}/canary${this.environmentQuery()}`);
  }

  /** GET /widgets?environment=: every widget with its versions, active, canary and failures. */
  async list(): Promise<WidgetList> {
    const list = await this.call<WidgetList>('GET', `/widgets${this.environmentQuery()}`);
    if (!list || !Array.isArray(list.items)) throw new CliError('The registry answered GET /widgets without items');
    return list;
  }

  private widgetPath(name: string): string {
    return `/widgets/${encodeURIComponent(name)}`;
  }

  private versionPath(name: string, version: string): string {
    return `${this.widgetPath(name)}/versions/${encodeURIComponent(version)}`;
  }

  private environment(): { environment?: string } {
    return this.connection.environment === undefined ? {} : { environment: this.connection.environment };
  }

  private environmentQuery(): string {
    const { environment } = this.connection;
    return environment === undefined ? '' : `?${new URLSearchParams({ environment })}`;
  }

  private async call<T>(method: string, path: string, body?: FormData | object): Promise<T | undefined> {
    const authorization = `Bearer ${await this.token()}`;
    const init: RequestInit =
      body instanceof FormData
        ? { method, headers: { authorization, accept: 'application/json' }, body }
        : body === undefined
          ? { method, headers: { authorization, accept: 'application/json' } }
          : { method, headers: jsonHeaders({ authorization }), body: JSON.stringify(body) };
    return readJson<T>(await send(this.fetchImpl, `${this.base}${path}`, init));
  }
}
