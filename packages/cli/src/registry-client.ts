import {
  connectApi,
  type LayoutItem,
  type PageComposition,
  type PublishedVersion,
  registryApi,
  type Canary,
  type WidgetList,
  type WidgetSummary,
} from '@switchboard/contracts';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk/client';
import type { Connection, LayoutTarget } from './args';
import type { TokenSource } from './auth';
import type { DistFile } from './dist-files';
import { reachable, type Fetch } from './http';

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

/** The one page with a widget layout. */
const LAYOUT_PAGE = 'email-detail';

/** The registry's routes (`registryApi`), reached through the gateway with a registry token. */
export class RegistryClient {
  private readonly fetchImpl: Fetch;
  private readonly client: ServiceClient;

  constructor(
    private readonly connection: Connection,
    private readonly token: TokenSource,
    fetchImpl: Fetch,
  ) {
    this.fetchImpl = reachable(fetchImpl);
    this.client = new ServiceClient({ serviceUrl: `${connection.url}/api/registry`, getToken: token }, { fetch: this.fetchImpl });
  }

  /** Publishes a build as multipart: one part per file, filename = path in dist/. */
  async uploadVersion(name: string, version: string, files: DistFile[]): Promise<void> {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([file.bytes], { type: contentType(file.path) }), file.path);
    // The SDK client sends JSON bodies only: the files go to the route's URL from here.
    const url = this.client.url(registryApi.publishVersion, { params: { name, version } });
    const headers = { authorization: `Bearer ${await this.token()}`, accept: 'application/json' };
    const response = await this.fetchImpl(url, { method: registryApi.publishVersion.method, headers, body: form });
    if (!response.ok) throw await ApiError.fromResponse(response);
  }

  /** Publishes a build served elsewhere by the URL of its widget.json. */
  async registerVersion(name: string, version: string, manifestUrl: string): Promise<void> {
    await this.client.call(registryApi.publishVersion, { params: { name, version }, body: { manifestUrl } });
  }

  /** One widget with its versions (each with its manifest). */
  widget(name: string): Promise<WidgetSummary> {
    return this.client.call(registryApi.getWidget, { params: { name }, query: this.environment() });
  }

  activate(name: string, version: string): Promise<WidgetSummary> {
    return this.client.call(registryApi.activateVersion, { params: { name }, body: { version, ...this.environment() } });
  }

  /** Records that an admin approved these origins of the version's `connect` (replacing an earlier approval). */
  approveConnect(name: string, version: string, origins: string[]): Promise<PublishedVersion> {
    return this.client.call(connectApi.approveConnect, { params: { name, version }, body: { origins } });
  }

  /** Back to the previously active version. */
  rollback(name: string): Promise<WidgetSummary> {
    return this.client.call(registryApi.rollback, { params: { name }, body: this.environment() });
  }

  setCanary(name: string, canary: Canary): Promise<WidgetSummary> {
    return this.client.call(registryApi.setCanary, { params: { name }, body: { ...canary, ...this.environment() } });
  }

  clearCanary(name: string): Promise<WidgetSummary> {
    return this.client.call(registryApi.clearCanary, { params: { name }, query: this.environment() });
  }

  /** Every widget with its versions, active, canary and failures. */
  list(): Promise<WidgetList> {
    return this.client.call(registryApi.listWidgets, { query: this.environment() });
  }

  /** A team's layout of the email detail page (falling back to the default), or the default layout, as composed. */
  layout(target: LayoutTarget): Promise<PageComposition> {
    if (target.kind === 'default') return this.client.call(registryApi.getDefaultLayout, { params: { page: LAYOUT_PAGE } });
    return this.client.call(registryApi.getTeamLayout, { params: { page: LAYOUT_PAGE, teamId: target.teamId } });
  }

  /** Replaces that layout if it is still at `version` (else 409 LAYOUT_VERSION_CONFLICT). */
  saveLayout(target: LayoutTarget, version: number, widgets: LayoutItem[]): Promise<PageComposition> {
    const body = { version, widgets };
    if (target.kind === 'default') return this.client.call(registryApi.saveDefaultLayout, { params: { page: LAYOUT_PAGE }, body });
    return this.client.call(registryApi.saveTeamLayout, { params: { page: LAYOUT_PAGE, teamId: target.teamId }, body });
  }

  /** The `--env` given, if any; the registry's default environment otherwise. */
  private environment(): { environment?: string } {
    return this.connection.environment === undefined ? {} : { environment: this.connection.environment };
  }
}
