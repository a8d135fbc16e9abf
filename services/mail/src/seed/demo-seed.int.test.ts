import { createDemoPrng, DEMO, DEMO_SEED, demoEmailId, demoInboundEmails, generateDemoPeople, type Email, type EmailList } from '@switchboard/contracts';
import { AttachmentEntity, EmailEntity } from '../entities';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { seedDemoIfEmpty } from './demo-seed';
import { fillDemoTicketCopies, keepFillingDemoTicketCopies } from './demo-ticket-copies';

let ctx: MailTestContext;
let asAgent: Record<string, string>;

beforeAll(async () => {
  ctx = await createMailTestContext({ seedDemo: true, seedTicketsDemo: true });
  asAgent = await ctx.auth({ sub: DEMO.users.agent.id, queues: [DEMO.queues.support.id, DEMO.queues.billing.id] });
  // The tickets demo (3,000 tickets) takes a few seconds on a busy machine.
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

describe('mail demo seed', () => {
  it('seeds the demo queues', async () => {
    const res = await ctx.inject({ url: '/queues', headers: asAgent });
    expect(res.json()).toEqual({
      items: [
        { id: DEMO.queues.billing.id, name: 'Billing', fromAddress: 'billing@demo.test' },
        { id: DEMO.queues.support.id, name: 'Support', fromAddress: 'support@demo.test' },
      ],
    });
  });

  it('seeds 20 inbound emails of the demo agent, two with a file whose bytes are stored', async () => {
    const em = ctx.app.orm.em.fork();
    const emails = await em.find(EmailEntity, {}, { orderBy: { id: 'asc' } });
    expect(emails.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => demoEmailId(i + 1)));
    for (const email of emails) {
      expect(email).toMatchObject({ direction: 'inbound', status: 'received', ownerId: DEMO.users.agent.id, queueId: DEMO.queues.support.id });
      expect(email.to).toEqual([{ name: 'Support', address: 'support@demo.test' }]);
      expect(email.from?.name).toBeTruthy();
      expect(email.subject).toBeTruthy();
      expect(email.messageId).toMatch(/^<demo-\d+@customer\.example>$/);
    }
    // Each from the sender the shared plan names, paired with that contact (none for the stranger).
    const plan = demoInboundEmails(generateDemoPeople(createDemoPrng(DEMO_SEED)));
    expect(emails.map((e) => [e.from, e.contactId])).toEqual(plan.map((p) => [p.from, p.contact?.id ?? null]));
    const files = await em.find(AttachmentEntity, {}, { orderBy: { fileName: 'asc' } });
    expect(files.map((f) => [f.fileName, f.contentType])).toEqual([
      ['invoice.pdf', 'application/pdf'],
      ['screenshot.png', 'image/png'],
    ]);
    for (const file of files) expect(await ctx.blobStore.has(file.blobSha256)).toBe(true);
  });

  it('fills a demo email\'s ticket from tickets when it is read', async () => {
    const res = await ctx.inject({ url: `/emails/${demoEmailId(1)}`, headers: asAgent });
    expect(res.statusCode).toBe(200);
    const email = res.json<Email>();
    expect(email.ticket).not.toBeNull();
    expect(email.contactId).not.toBeNull();
    const thread = await ctx.inject({ url: `/tickets/${email.ticket!.id}/emails`, headers: asAgent });
    expect(thread.json<EmailList>().items.map((i) => i.id)).toEqual([demoEmailId(1)]);
  });

  it('fills every demo email\'s ticket in the background', async () => {
    const em = ctx.app.orm.em.fork();
    await em.nativeUpdate(EmailEntity, {}, { ticketId: null, ticketNumber: null, ticketTitle: null });
    const filling = keepFillingDemoTicketCopies(() => ctx.app.orm.em.fork(), ctx.ticketsClient, ctx.app.log, { intervalMs: 50, attempts: 100 });
    try {
      for (let i = 0; i < 200 && (await em.count(EmailEntity, { ticketId: null })) > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await filling.stop();
    }
    expect(await em.count(EmailEntity, { ticketId: null })).toBe(0);
    expect(await fillDemoTicketCopies(em, ctx.ticketsClient)).toBe(0);
  });

  it('does nothing when emails exist', async () => {
    expect(await seedDemoIfEmpty(ctx.app.orm.em.fork(), ctx.blobStore)).toBeNull();
    expect(await ctx.app.orm.em.fork().count(EmailEntity, {})).toBe(20);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
