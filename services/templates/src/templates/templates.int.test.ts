import { randomUUID } from 'node:crypto';
import type { RenderedTemplate, Template, TemplateList } from '@switchboard/contracts';
import { createTemplatesTestContext, type TemplatesTestContext } from '../testing/templates-test-context';

let ctx: TemplatesTestContext;
const support = randomUUID();
const billing = randomUUID();
let agent: Record<string, string>;
let colleague: Record<string, string>;
let stranger: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  ctx = await createTemplatesTestContext();
  agent = await ctx.auth({ sub: randomUUID(), teams: [support] });
  colleague = await ctx.auth({ sub: randomUUID(), teams: [support] });
  stranger = await ctx.auth({ sub: randomUUID(), teams: [billing] });
  admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
});
afterAll(() => ctx?.close());

const create = async (headers: Record<string, string>, body: Record<string, unknown>) => {
  const res = await ctx.inject({ method: 'POST', url: '/templates', body: { language: 'en', scope: 'team', ...body }, headers });
  expect([res.statusCode, res.body]).toEqual([201, expect.any(String)]);
  return res.json<Template>();
};
const search = async (headers: Record<string, string>, query: string) =>
  (await ctx.inject({ url: `/templates?${query}`, headers })).json<TemplateList>().items;
const render = (headers: Record<string, string>, id: string, body: Record<string, unknown>) =>
  ctx.inject({ method: 'POST', url: `/templates/${id}/render`, body, headers });

describe('strict bodies', () => {
  it('refuses an unknown or misspelled variable at save with 400 and its name', async () => {
    for (const [body, name] of [['<p>Hi {{ contact.frstName }}</p>', 'contact.frstName'], ['{% if ticket.owner %}x{% endif %}', 'ticket.owner']]) {
      const res = await ctx.inject({ method: 'POST', url: '/templates', body: { kind: 'answer', name: 'Bad', language: 'en', scope: 'personal', body }, headers: agent });
      expect([res.statusCode, res.json().code, res.json().details]).toEqual([400, 'UNKNOWN_VARIABLE', { name }]);
    }
  });

  it('sanitizes the body like a mail body', async () => {
    const t = await create(agent, { kind: 'answer', name: 'Sanitized', body: '<p onclick="x()">Hi<script>alert(1)</script> <img src="https://evil.test/x.png"></p>' });
    expect(t.body).toBe('<p>Hi </p>');
  });

  it('keeps the tree: a frame has one slot and no parent, an answer sits in a frame of its language and audience', async () => {
    const frame = await create(agent, { kind: 'frame', name: 'Frame', body: '<p>Hi</p>{{ content }}' });
    const answer = await create(agent, { kind: 'answer', parentId: frame.id, name: 'Answer', body: '<p>Text</p>' });
    const cases: Record<string, unknown>[] = [
      { kind: 'frame', name: 'No slot', body: '<p>Hi</p>' },
      { kind: 'frame', name: 'Nested', parentId: frame.id, body: '{{ content }}' },
      { kind: 'answer', name: 'Under an answer', parentId: answer.id, body: 'x' },
      { kind: 'answer', name: 'Other language', parentId: frame.id, language: 'cs', body: 'x' },
      { kind: 'answer', name: 'Wider audience', parentId: frame.id, scope: 'everyone', body: 'x' },
    ];
    for (const body of cases) {
      const res = await ctx.inject({ method: 'POST', url: '/templates', body: { language: 'en', scope: 'team', teamId: support, ...body }, headers: admin });
      expect([body.name, res.statusCode, res.json().code]).toEqual([body.name, 400, 'INVALID_TREE']);
    }
    const removing = await ctx.inject({ method: 'DELETE', url: `/templates/${frame.id}`, headers: agent });
    expect([removing.statusCode, removing.json().code]).toEqual([409, 'TEMPLATE_IN_USE']);
    const asFrame = await render(agent, frame.id, {});
    expect([asFrame.statusCode, asFrame.json().code]).toEqual([400, 'FRAME_NOT_INSERTABLE']);
  });
});

describe('inserting', () => {
  it('renders the answer in its frame, asks for what the page lacks, and escapes values', async () => {
    const frame = await create(agent, { kind: 'frame', name: 'Greeting', body: '<p>Hello {{ contact.firstName }},</p>{{ content }}<p>{{ agent.name }}</p>' });
    const answer = await create(agent, { kind: 'answer', parentId: frame.id, name: 'Order', body: '<p>your order from {{ company.name }}.</p>' });
    const context = { contact: { name: '<script>alert(1)</script> Jana' }, agent: { name: 'Alex' } };
    const asked = (await render(agent, answer.id, { context, insert: true })).json<RenderedTemplate>();
    expect(asked).toMatchObject({ html: null, missing: ['company.name'] });
    expect(asked.preview).not.toMatch(/\{\{|-<\/p>/);
    const filled = (await render(agent, answer.id, { context, values: { 'company.name': 'Vltava & syn' }, insert: true })).json<RenderedTemplate>();
    expect(filled.html).toBe('<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;,</p><p>your order from Vltava &amp; syn.</p><p>Alex</p>');
    // Only the complete insert counted.
    expect((await ctx.inject({ url: `/templates/${answer.id}`, headers: agent })).json<Template>().useCount).toBe(1);
  });
});

describe('search', () => {
  it('finds by name and text ignoring case and diacritics, best match first, then most used', async () => {
    const tag = randomUUID().slice(0, 8);
    const inText = await create(colleague, { kind: 'answer', name: `Vrácení ${tag}`, body: '<p>Peníze vrátíme na účet.</p>', language: 'cs' });
    const byName = await create(colleague, { kind: 'answer', name: `Účet ${tag}`, body: '<p>Nový.</p>', language: 'cs' });
    const used = await create(colleague, { kind: 'answer', name: `Platba ${tag}`, body: '<p>Účet zaplacen.</p>', language: 'cs' });
    await render(colleague, used.id, { insert: true });
    expect((await search(agent, `q=${encodeURIComponent(`UCET ${tag}`)}`)).map((t) => t.id)).toEqual([byName.id, used.id, inText.id]);
    expect((await search(agent, `q=${tag}&language=cs`)).map((t) => t.id)).toEqual([used.id, byName.id, inText.id]);
    expect(await search(agent, `q=${tag}&language=en`)).toEqual([]);
    expect(await search(agent, `q=${encodeURIComponent('%_\\')}`)).toEqual([]);
  });
});

describe('scopes', () => {
  it("keeps personal templates to their owner and team ones to the team; another team's are invisible and refused", async () => {
    const personal = await create(agent, { kind: 'answer', name: 'Mine', scope: 'personal', body: 'x' });
    const team = await create(agent, { kind: 'answer', name: 'Ours', body: 'x' });
    const everyone = await create(admin, { kind: 'answer', name: 'All', scope: 'everyone', body: 'x' });
    const ids = async (headers: Record<string, string>) => (await search(headers, 'limit=500')).map((t) => t.id);
    expect(await ids(agent)).toEqual(expect.arrayContaining([personal.id, team.id, everyone.id]));
    expect(await ids(colleague)).toEqual(expect.arrayContaining([team.id, everyone.id]));
    expect(await ids(colleague)).not.toContain(personal.id);
    expect(await ids(stranger)).toContain(everyone.id);
    expect(await ids(stranger)).not.toEqual(expect.arrayContaining([team.id]));
    for (const id of [personal.id, team.id]) {
      for (const res of [
        await ctx.inject({ url: `/templates/${id}`, headers: stranger }),
        await render(stranger, id, {}),
        await ctx.inject({ method: 'PATCH', url: `/templates/${id}`, body: { version: 1, name: 'Taken' }, headers: stranger }),
        await ctx.inject({ method: 'DELETE', url: `/templates/${id}`, headers: stranger }),
      ]) {
        expect([res.statusCode, res.json().code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
      }
    }
    const edit = await ctx.inject({ method: 'PATCH', url: `/templates/${everyone.id}`, body: { version: 1, name: 'Mine now' }, headers: agent });
    expect([edit.statusCode, edit.json().code]).toEqual([403, 'EDIT_FORBIDDEN']);
    const wide = await ctx.inject({ method: 'POST', url: '/templates', body: { kind: 'answer', name: 'All', language: 'en', scope: 'everyone', body: 'x' }, headers: agent });
    expect([wide.statusCode, wide.json().code]).toEqual([403, 'EDIT_FORBIDDEN']);
    const otherTeam = await ctx.inject({ method: 'POST', url: '/templates', body: { kind: 'answer', name: 'T', language: 'en', scope: 'team', teamId: billing, body: 'x' }, headers: agent });
    expect([otherTeam.statusCode, otherTeam.json().code]).toEqual([403, 'TEAM_FORBIDDEN']);
  });

  it('refuses a stale version with 409 and the current copy', async () => {
    const t = await create(agent, { kind: 'answer', name: 'Versioned', body: 'x' });
    await ctx.inject({ method: 'PATCH', url: `/templates/${t.id}`, body: { version: 1, body: '<p>{{ queue.name }}</p>' }, headers: colleague });
    const stale = await ctx.inject({ method: 'PATCH', url: `/templates/${t.id}`, body: { version: 1, name: 'Late' }, headers: agent });
    expect([stale.statusCode, stale.json().code, stale.json().details.current.variables]).toEqual([409, 'TEMPLATES_VERSION_CONFLICT', ['queue.name']]);
  });
});

afterAll(() => expect(ctx.serverErrors()).toEqual([]));
