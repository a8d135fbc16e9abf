import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO,
  SESSION_COOKIE,
  type LayoutItem,
  type PageComposition,
  type PublishedVersion,
  type TokenResponse,
  type WidgetList,
  type WidgetSummary,
} from '@switchboard/contracts';

/** An answer of the registry: status and the parsed JSON body (null when there was none). */
export interface RegistryAnswer<T> {
  status: number;
  body: T;
}

/**
 * Signs in at `${shellUrl}/api/identity/login` with plain HTTP (no browser) and exchanges the
 * session for a token of audience `registry`, as the ops CLI does.
 */
export async function registryToken(shellUrl: string, email: string, password: string = DEMO.password): Promise<string> {
  const login = await fetch(`${shellUrl}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`Login as ${email} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`Login as ${email} set no ${SESSION_COOKIE} cookie`);
  const token = await fetch(`${shellUrl}/api/identity/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ audience: 'registry' }),
  });
  if (!token.ok) throw new Error(`Registry token for ${email} refused: ${token.status} ${await token.text()}`);
  return ((await token.json()) as TokenResponse).token;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(join(dir, entry.name), path);
    return entry.isFile() ? [path] : [];
  });
}

/** The registry API (`/api/registry`) through the gateway, with one user's token. */
export class RegistryApi {
  constructor(
    private readonly shellUrl: string,
    private readonly token: string,
  ) {}

  /** Signs `email` in and returns an API client with their registry token. */
  static async as(shellUrl: string, email: string): Promise<RegistryApi> {
    return new RegistryApi(shellUrl, await registryToken(shellUrl, email));
  }

  /** Any call; the answer whatever its status. */
  async request<T>(method: string, path: string, body?: unknown): Promise<RegistryAnswer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${this.shellUrl}/api/registry${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** A call that must succeed; throws with the registry's answer otherwise. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Uploads every file of a built widget's dist/ (admin), as `widget publish <dist>` does. */
  publishDist(dist: string): Promise<PublishedVersion> {
    const { name, version } = JSON.parse(readFileSync(join(dist, 'widget.json'), 'utf8')) as { name: string; version: string };
    const form = new FormData();
    for (const path of listFiles(dist)) form.append('file', new Blob([readFileSync(join(dist, ...path.split('/')))]), path);
    return this.ok<PublishedVersion>('PUT', `/widgets/${name}/versions/${version}`, form);
  }

  /** Registers a build served elsewhere by the URL of its widget.json (admin). */
  register(name: string, version: string, manifestUrl: string): Promise<PublishedVersion> {
    return this.ok<PublishedVersion>('PUT', `/widgets/${name}/versions/${version}`, { manifestUrl });
  }

  /** Makes `version` the active one (admin). */
  activate(name: string, version: string): Promise<WidgetSummary> {
    return this.ok<WidgetSummary>('POST', `/widgets/${name}/activate`, { version });
  }

  /** Every widget with its versions and failure counts (admin). */
  widgets(): Promise<WidgetList> {
    return this.ok<WidgetList>('GET', '/widgets');
  }

  /** The caller's composition of the email detail page. */
  page(): Promise<PageComposition> {
    return this.ok<PageComposition>('GET', '/pages/email-detail');
  }

  /** Saves the caller's own layout of the email detail page, based on their current layout version. */
  async saveLayout(widgets: LayoutItem[]): Promise<PageComposition> {
    const { layoutVersion } = await this.page();
    return this.ok<PageComposition>('PUT', '/pages/email-detail/layout', { version: layoutVersion, widgets });
  }

  /** Sets the page default every user without a layout of their own or their team's gets (admin). */
  async saveDefaultLayout(widgets: LayoutItem[]): Promise<PageComposition> {
    const { layoutVersion } = await this.ok<PageComposition>('GET', '/pages/email-detail/default-layout');
    return this.ok<PageComposition>('PUT', '/pages/email-detail/default-layout', { version: layoutVersion, widgets });
  }
}

/** Shown widgets of a composition, in order, e.g. `['email', 'tickets']`. */
export const shownWidgets = (composition: PageComposition): string[] =>
  composition.widgets.filter((w) => !w.hidden).map((w) => w.widget);
