import { randomUUID } from 'node:crypto';
import { connectApi, frameOriginsApi, registryApi, type LayoutItem, type PageComposition } from '@switchboard/contracts';
import { runAccessMatrix, type AccessMatrix, type MatrixRole } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { multipartBody, widgetBuild } from './testing/widget-build';

let ctx: RegistryTestContext;
let admin: Record<string, string>;
const page = '/pages/email-detail';

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  admin = await ctx.admin();
  for (const name of ['email', 'tickets', 'calendar']) {
    const res = await ctx.publish(widgetBuild({ name, version: '1.0.0' }));
    if (res.statusCode !== 201) throw new Error(res.body);
    await ctx.activate(name, '1.0.0');
  }
});

afterAll(async () => {
  await ctx?.close();
});

const unique = (what: string) => `${what} ${randomUUID().replaceAll('-', '')}`;

/**
 * Every cell gets its own people: the layout's user (`owner`), who belongs to the layout's team,
 * another agent of that team (`sameQueue`), an agent of another team, an admin and a service.
 */
async function people() {
  const team = randomUUID();
  const owner = randomUUID();
  const headers: Record<MatrixRole, Record<string, string>> = {
    owner: await ctx.auth({ sub: owner, teams: [team] }),
    sameQueue: await ctx.auth({ sub: randomUUID(), teams: [team] }),
    otherTeam: await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] }),
    admin: await ctx.auth({ sub: randomUUID(), role: 'admin' }),
    service: await ctx.auth({ sub: 'service:shell', role: 'service' }),
  };
  return { team, headers };
}

/** A layout whose calendar settings hold a unique note: the data no other caller may get. */
const layoutWith = (note: string): LayoutItem[] => [{ widget: 'email' }, { widget: 'tickets' }, { widget: 'calendar', settings: { note } }];

async function saved(url: string, widgets: LayoutItem[], headers: Record<string, string>) {
  const current = await ctx.inject({ url: url === `${page}/layout` ? page : url, headers });
  const version = current.json<PageComposition>().layoutVersion;
  const res = await ctx.inject({ method: 'PUT', url, body: { version, widgets }, headers });
  expect(res.statusCode).toBe(200);
}

/** The owner's own layout and the team's layout, each with a note of its own. */
async function layouts() {
  const { team, headers } = await people();
  const own = unique('Own layout');
  const teams = unique('Team layout');
  await saved(`${page}/teams/${team}/layout`, layoutWith(teams), admin);
  await saved(`${page}/layout`, layoutWith(own), headers.owner);
  return { team, headers, own, teams };
}

/** A freshly published widget, with versions 1.0.0 (active) and 1.1.0 (active after it). */
async function widget(activeTwice = false) {
  const name = `m${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  for (const version of ['1.0.0', '1.1.0']) {
    const res = await ctx.publish(widgetBuild({ name, version }));
    expect(res.statusCode).toBe(201);
  }
  await ctx.activate(name, '1.0.0');
  if (activeTwice) await ctx.activate(name, '1.1.0');
  return name;
}

interface Cell {
  request: InjectOptions;
  headers: Record<MatrixRole, Record<string, string>>;
  data: string[];
}

/** The request each route makes on a fresh record, and the record's data. */
/** The registry's routes: widgets and layouts, the Page-in-page allowlist and approved connect origins. */
const routes = { ...registryApi, ...frameOriginsApi, ...connectApi };

/** An origin on the allowlist, unique to its cell. */
async function allowedOrigin() {
  const origin = `https://${randomUUID()}.example`;
  const res = await ctx.inject({ method: 'POST', url: '/frame-origins', body: { origin }, headers: admin });
  expect(res.statusCode).toBe(201);
  return origin;
}

const requests: { [Route in keyof typeof routes]: (role: MatrixRole) => Promise<Cell> } = {
  publishVersion: async () => {
    const { headers } = await people();
    const build = widgetBuild({ name: `m${randomUUID().replaceAll('-', '').slice(0, 20)}`, version: '1.0.0' });
    const { payload, headers: multipart } = multipartBody(build.files);
    return { request: { method: 'PUT', url: `/widgets/${build.name}/versions/1.0.0`, payload, headers: multipart }, headers, data: [] };
  },
  getAsset: async () => {
    const { headers } = await people();
    const build = widgetBuild({ name: `m${randomUUID().replaceAll('-', '').slice(0, 20)}`, version: '1.0.0' });
    expect((await ctx.publish(build)).statusCode).toBe(201);
    return { request: { url: `/assets/${build.name}/1.0.0/${build.entryPath}` }, headers, data: [] };
  },
  // A name no folder holds: public, so every role gets the same 404 as no one.
  getSdkPackage: async () => ({ request: { url: '/sdk/switchboard-widget-sdk-0.0.0.tgz' }, headers: (await people()).headers, data: [] }),
  listWidgets: async () => ({ request: { url: '/widgets' }, headers: (await people()).headers, data: [] }),
  getWidget: async () => ({ request: { url: `/widgets/${await widget()}` }, headers: (await people()).headers, data: [] }),
  activateVersion: async () => {
    const name = await widget();
    return { request: { method: 'POST', url: `/widgets/${name}/activate`, body: { version: '1.1.0' } }, headers: (await people()).headers, data: [] };
  },
  rollback: async () => {
    const name = await widget(true);
    return { request: { method: 'POST', url: `/widgets/${name}/rollback`, body: {} }, headers: (await people()).headers, data: [] };
  },
  setCanary: async () => {
    const name = await widget();
    const body = { version: '1.1.0', percent: 10, teams: [] };
    return { request: { method: 'PUT', url: `/widgets/${name}/canary`, body }, headers: (await people()).headers, data: [] };
  },
  clearCanary: async () => {
    const name = await widget();
    const set = await ctx.inject({ method: 'PUT', url: `/widgets/${name}/canary`, body: { version: '1.1.0', percent: 10, teams: [] }, headers: admin });
    expect(set.statusCode).toBe(200);
    return { request: { method: 'DELETE', url: `/widgets/${name}/canary` }, headers: (await people()).headers, data: [] };
  },
  reportFailure: async () => {
    const name = await widget();
    const body = { reason: 'Timed out', kind: 'timeout' };
    return { request: { method: 'POST', url: `/widgets/${name}/versions/1.0.0/failures`, body }, headers: (await people()).headers, data: [] };
  },
  // The page the shell loads: only the owner's holds the owner's own layout.
  getPage: async () => {
    const { headers, own } = await layouts();
    return { request: { url: page }, headers, data: [own] };
  },
  // Saving one's own layout touches nobody else's, and answers no one else's.
  saveLayout: async (role) => {
    const { headers, own } = await layouts();
    // Each caller edits their own layout: only the owner has one already (version 1).
    const body = { version: role === 'owner' ? 1 : 0, widgets: layoutWith(unique('Saved')) };
    return { request: { method: 'PUT', url: `${page}/layout`, body }, headers, data: [own] };
  },
  resetLayout: async () => {
    const { headers, own } = await layouts();
    return { request: { method: 'DELETE', url: `${page}/layout` }, headers, data: [own] };
  },
  getTeamLayout: async () => {
    const { team, headers, teams } = await layouts();
    return { request: { url: `${page}/teams/${team}/layout` }, headers, data: [teams] };
  },
  saveTeamLayout: async () => {
    const { team, headers, teams } = await layouts();
    const body = { version: 1, widgets: layoutWith(unique('Team saved')) };
    return { request: { method: 'PUT', url: `${page}/teams/${team}/layout`, body }, headers, data: [teams] };
  },
  resetTeamLayout: async () => {
    const { team, headers, teams } = await layouts();
    return { request: { method: 'DELETE', url: `${page}/teams/${team}/layout` }, headers, data: [teams] };
  },
  getDefaultLayout: async () => {
    const note = unique('Default layout');
    await saved(`${page}/default-layout`, layoutWith(note), admin);
    return { request: { url: `${page}/default-layout` }, headers: (await people()).headers, data: [note] };
  },
  saveDefaultLayout: async () => {
    const current = await ctx.inject({ url: `${page}/default-layout`, headers: admin });
    const body = { version: current.json<PageComposition>().layoutVersion, widgets: layoutWith(unique('Default saved')) };
    return { request: { method: 'PUT', url: `${page}/default-layout`, body }, headers: (await people()).headers, data: [] };
  },
  approveConnect: async () => {
    const name = `m${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    expect((await ctx.publish(widgetBuild({ name, version: '1.0.0', manifest: { connect: ['https://orders.example'] } }))).statusCode).toBe(201);
    const body = { origins: ['https://orders.example'] };
    return { request: { method: 'PUT', url: `/widgets/${name}/versions/1.0.0/connect`, body }, headers: (await people()).headers, data: [] };
  },
  listConnectOrigins: async () => ({ request: { url: '/connect-origins' }, headers: (await people()).headers, data: [] }),
  listFrameOrigins: async () => ({ request: { url: '/frame-origins' }, headers: (await people()).headers, data: [] }),
  addFrameOrigin: async () => {
    const body = { origin: `https://${randomUUID()}.example` };
    return { request: { method: 'POST', url: '/frame-origins', body }, headers: (await people()).headers, data: [] };
  },
  removeFrameOrigin: async () => {
    const query = { origin: await allowedOrigin() };
    return { request: { method: 'DELETE', url: '/frame-origins', query }, headers: (await people()).headers, data: [] };
  },
};

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };
const adminOnly = { owner: 403, sameQueue: 403, otherTeam: 403, admin: 200, service: 403 };

/** Who gets what; docs/decisions/0009-who-may-see-what.md. */
const table: AccessMatrix<typeof routes> = {
  publishVersion: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 201, service: 403 },
  getAsset: { owner: 200, sameQueue: 200, otherTeam: 200, admin: 200, service: 200 },
  getSdkPackage: { owner: 404, sameQueue: 404, otherTeam: 404, admin: 404, service: 404 },
  listWidgets: adminOnly,
  getWidget: adminOnly,
  activateVersion: adminOnly,
  rollback: adminOnly,
  setCanary: adminOnly,
  clearCanary: adminOnly,
  reportFailure: { owner: 204, sameQueue: 204, otherTeam: 204, admin: 204, service: 204 },
  getPage: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  saveLayout: { owner: left, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  resetLayout: { owner: left, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  getTeamLayout: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 },
  saveTeamLayout: { owner: 403, sameQueue: 403, otherTeam: 403, admin: left, service: 403 },
  resetTeamLayout: { owner: 403, sameQueue: 403, otherTeam: 403, admin: left, service: 403 },
  getDefaultLayout: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 },
  saveDefaultLayout: adminOnly,
  // Public: the gateway reads it for every page's CSP, which any visitor sees anyway.
  listFrameOrigins: { owner: 200, sameQueue: 200, otherTeam: 200, admin: 200, service: 200 },
  addFrameOrigin: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 201, service: 403 },
  removeFrameOrigin: adminOnly,
  approveConnect: adminOnly,
  // Public for the same reason: the gateway adds them to every page's CSP.
  listConnectOrigins: { owner: 200, sameQueue: 200, otherTeam: 200, admin: 200, service: 200 },
};

describe('registry access matrix', () => {
  it('answers every route to every role as the table says, and no refusal carries a layout', async () => {
    const report = await runAccessMatrix({
      group: routes,
      table,
      send: async (route, role) => {
        const { request, headers, data } = await requests[route](role);
        const res = await ctx.inject({ ...request, headers: { ...request.headers, ...headers[role] } });
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(routes).length * 5);
  }, 60_000);
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
