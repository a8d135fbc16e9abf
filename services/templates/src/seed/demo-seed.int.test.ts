import { DEMO, type RenderedTemplate, type TemplateList } from '@switchboard/contracts';
import { createTemplatesTestContext, type TemplatesTestContext } from '../testing/templates-test-context';
import { DEMO_MACROS, DEMO_TEMPLATES, demoTemplateId } from './demo-data';
import { seedDemoIfEmpty } from './demo-seed';

let ctx: TemplatesTestContext;

beforeAll(async () => {
  ctx = await createTemplatesTestContext({ seedDemo: true });
});
afterAll(() => ctx?.close());

it('seeds frames and answers in both languages and the macros, once', async () => {
  const agent = await ctx.auth({ sub: DEMO.users.agent.id, teams: [DEMO.teams.support.id] });
  const items = (await ctx.inject({ url: '/templates', headers: agent })).json<TemplateList>().items;
  expect(items).toHaveLength(DEMO_TEMPLATES.length);
  expect(new Set(items.map((t) => t.language))).toEqual(new Set(['cs', 'en']));
  const macros = (await ctx.inject({ url: '/macros', headers: agent })).json<{ items: unknown[] }>().items;
  expect(macros).toHaveLength(DEMO_MACROS.length);
  await expect(seedDemoIfEmpty(ctx.app.orm.em.fork())).resolves.toBeNull();
});

it('renders a demo answer inside its frame', async () => {
  const agent = await ctx.auth({ sub: DEMO.users.agent.id, teams: [DEMO.teams.support.id] });
  const res = await ctx.inject({
    method: 'POST',
    url: `/templates/${demoTemplateId('refund-en')}/render`,
    body: { context: { contact: { name: 'Jana Nováková' }, ticket: { number: 12 }, agent: { name: 'Alex Agent' }, queue: { name: 'Support' } } },
    headers: agent,
  });
  expect(res.json<RenderedTemplate>().html).toBe(
    '<p>Hello Jana,</p><p>your refund for ticket #12 was approved. The money will be back on your account within 5 working days.</p>' +
      '<p>Kind regards,<br />Alex Agent<br />Support team</p>',
  );
});
