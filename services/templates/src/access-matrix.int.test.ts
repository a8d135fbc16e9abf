import { randomUUID } from 'node:crypto';
import { templatesApi, type TemplateScope } from '@switchboard/contracts';
import { runAccessMatrix, type AccessMatrix, type MatrixRole } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createTemplatesTestContext, type TemplatesTestContext } from './testing/templates-test-context';

// Every route × every role, for a record of each scope: the owner's personal one, the owner's
// team's (sameQueue is a colleague of that team, otherTeam an agent of another), everyone's
// (made by an admin). Admins and services see every record; lists hold what an agent works with.

let ctx: TemplatesTestContext;
const support = randomUUID();
const billing = randomUUID();
const users: Record<MatrixRole, string> = {
  owner: randomUUID(),
  sameQueue: randomUUID(),
  otherTeam: randomUUID(),
  admin: randomUUID(),
  service: 'service:mail',
};
/** The team each role files its own team records into. */
const ownTeam: Record<MatrixRole, string> = { owner: support, sameQueue: support, otherTeam: billing, admin: support, service: support };
const headers = {} as Record<MatrixRole, Record<string, string>>;

beforeAll(async () => {
  ctx = await createTemplatesTestContext();
  headers.owner = await ctx.auth({ sub: users.owner, teams: [support] });
  headers.sameQueue = await ctx.auth({ sub: users.sameQueue, teams: [support] });
  headers.otherTeam = await ctx.auth({ sub: users.otherTeam, teams: [billing] });
  headers.admin = await ctx.auth({ sub: users.admin, role: 'admin' });
  headers.service = await ctx.auth({ sub: users.service, role: 'service' });
});
afterAll(() => ctx?.close());

/** A fresh record of `scope`: everyone's are made by the admin, the others by the owner. */
async function record(scope: TemplateScope, url: '/templates' | '/macros') {
  const unique = `Matrix ${randomUUID()}`;
  const body =
    url === '/templates'
      ? { kind: 'answer', name: unique, language: 'en', scope, body: `<p>${unique} text</p>` }
      : { name: unique, scope, actions: [{ type: 'addNote', text: 'x' }] };
  const res = await ctx.inject({ method: 'POST', url, body, headers: scope === 'everyone' ? headers.admin : headers.owner });
  expect(res.statusCode).toBe(201);
  return { id: res.json<{ id: string }>().id, data: [unique] };
}

type Requests = { [Route in keyof typeof templatesApi]: (role: MatrixRole) => Promise<{ request: InjectOptions; data: string[] }> };

function requests(scope: TemplateScope): Requests {
  const teamOf = (role: MatrixRole) => (scope === 'team' ? { teamId: ownTeam[role] } : {});
  return {
    searchTemplates: async () => {
      const { data } = await record(scope, '/templates');
      return { request: { url: `/templates?q=${encodeURIComponent(data[0]!)}` }, data };
    },
    getTemplate: async () => {
      const { id, data } = await record(scope, '/templates');
      return { request: { url: `/templates/${id}` }, data };
    },
    createTemplate: async (role) => ({
      request: { method: 'POST', url: '/templates', body: { kind: 'answer', name: 'New', language: 'en', scope, body: 'x', ...teamOf(role) } },
      data: [],
    }),
    updateTemplate: async () => {
      const { id, data } = await record(scope, '/templates');
      return { request: { method: 'PATCH', url: `/templates/${id}`, body: { version: 1, folder: 'Moved' } }, data };
    },
    deleteTemplate: async () => {
      const { id, data } = await record(scope, '/templates');
      return { request: { method: 'DELETE', url: `/templates/${id}` }, data };
    },
    renderTemplate: async () => {
      const { id, data } = await record(scope, '/templates');
      return { request: { method: 'POST', url: `/templates/${id}/render`, body: {} }, data };
    },
    listMacros: async () => {
      const { data } = await record(scope, '/macros');
      return { request: { url: '/macros' }, data };
    },
    usableMacros: async () => {
      const { data } = await record(scope, '/macros');
      return { request: { method: 'POST', url: '/macros/usable', body: { userId: users.owner, teamIds: [support] } }, data };
    },
    getMacro: async () => {
      const { id, data } = await record(scope, '/macros');
      return { request: { url: `/macros/${id}` }, data };
    },
    createMacro: async (role) => ({
      request: { method: 'POST', url: '/macros', body: { name: 'New', scope, actions: [{ type: 'setStatus', status: 'closed' }], ...teamOf(role) } },
      data: [],
    }),
    updateMacro: async () => {
      const { id, data } = await record(scope, '/macros');
      return { request: { method: 'PATCH', url: `/macros/${id}`, body: { version: 1, actions: [{ type: 'setStatus', status: 'open' }] } }, data };
    },
    deleteMacro: async () => {
      const { id, data } = await record(scope, '/macros');
      return { request: { method: 'DELETE', url: `/macros/${id}` }, data };
    },
  };
}

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };
/** The owner's usable macros, asked by a service acting for the owner; refused to everyone else. */
const serviceOnly = { owner: 403, sameQueue: 403, otherTeam: 403, admin: 403, service: shown };

/** Who gets what, per scope of the record. */
const tables: Record<TemplateScope, AccessMatrix<typeof templatesApi>> = {
  // Only the owner uses it; admins and services see it by id, lists hold only the owner's.
  personal: {
    searchTemplates: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: shown },
    getTemplate: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: shown },
    createTemplate: { owner: 201, sameQueue: 201, otherTeam: 201, admin: 201, service: 403 },
    updateTemplate: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: shown },
    deleteTemplate: { owner: 204, sameQueue: 404, otherTeam: 404, admin: 204, service: 204 },
    renderTemplate: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: shown },
    listMacros: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: shown },
    usableMacros: serviceOnly,
    getMacro: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: shown },
    createMacro: { owner: 201, sameQueue: 201, otherTeam: 201, admin: 201, service: 403 },
    updateMacro: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: shown },
    deleteMacro: { owner: 204, sameQueue: 404, otherTeam: 404, admin: 204, service: 204 },
  },
  // The team uses and changes it; another team neither sees nor changes it.
  team: {
    searchTemplates: { owner: shown, sameQueue: shown, otherTeam: left, admin: left, service: shown },
    getTemplate: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
    createTemplate: { owner: 201, sameQueue: 201, otherTeam: 201, admin: 201, service: 201 },
    updateTemplate: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
    deleteTemplate: { owner: 204, sameQueue: 204, otherTeam: 404, admin: 204, service: 204 },
    renderTemplate: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
    listMacros: { owner: shown, sameQueue: shown, otherTeam: left, admin: left, service: shown },
    usableMacros: serviceOnly,
    getMacro: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
    createMacro: { owner: 201, sameQueue: 201, otherTeam: 201, admin: 201, service: 201 },
    updateMacro: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
    deleteMacro: { owner: 204, sameQueue: 204, otherTeam: 404, admin: 204, service: 204 },
  },
  // Every agent uses it; only admins and services make or change it.
  everyone: {
    searchTemplates: { owner: shown, sameQueue: shown, otherTeam: shown, admin: shown, service: shown },
    getTemplate: { owner: shown, sameQueue: shown, otherTeam: shown, admin: shown, service: shown },
    createTemplate: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 201, service: 201 },
    updateTemplate: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: shown },
    deleteTemplate: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 204, service: 204 },
    renderTemplate: { owner: shown, sameQueue: shown, otherTeam: shown, admin: shown, service: shown },
    listMacros: { owner: shown, sameQueue: shown, otherTeam: shown, admin: shown, service: shown },
    usableMacros: serviceOnly,
    getMacro: { owner: shown, sameQueue: shown, otherTeam: shown, admin: shown, service: shown },
    createMacro: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 201, service: 201 },
    updateMacro: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: shown },
    deleteMacro: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 204, service: 204 },
  },
};

describe.each(['personal', 'team', 'everyone'] as const)('templates access matrix, %s records', (scope) => {
  it('answers every route to every role as the table says, and no refusal carries the record', async () => {
    const byRoute = requests(scope);
    const report = await runAccessMatrix({
      group: templatesApi,
      table: tables[scope],
      send: async (route, role) => {
        const { request, data } = await byRoute[route](role);
        const res = await ctx.inject({ ...request, headers: headers[role] });
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(templatesApi).length * 5);
  }, 60_000);
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
