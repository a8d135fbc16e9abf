import { HOST_CONTRACT_VERSION, type WidgetManifest } from '@switchboard/contracts';
import { EventBus } from './event-bus';
import { createHostApi } from './host-api';
import { PageContext } from './page-context';
import { recordingHost } from './recording-host.fixture';
import { ticketsManifest } from './tickets-manifest.fixture';

const manifest = ticketsManifest;

function setup(overrides: Partial<WidgetManifest> = {}) {
  const { widgetHost, ...recorded } = recordingHost({ ...manifest, ...overrides });
  return { ...recorded, ...widgetHost };
}

describe('createHostApi', () => {
  it('names the contract, the page context and the widget service URL', () => {
    const { host } = setup();
    expect(host.contractVersion).toBe(HOST_CONTRACT_VERSION);
    expect(host.serviceUrl).toBe('/api/tickets');
    expect(host.context()).toMatchObject({ page: 'email-detail', emailId: 'e1', user: { name: 'Alex' } });
  });

  it('issues tokens for the manifest service only', async () => {
    const { host, audiences } = setup();
    await expect(host.getToken()).resolves.toBe('token-for-tickets');
    expect(audiences).toEqual(['tickets']);
  });

  it('rejects getToken for a widget without a service, and never hands out identity tokens', async () => {
    const none = setup({ service: undefined });
    expect(none.host.serviceUrl).toBe('');
    await expect(none.host.getToken()).rejects.toThrow('declares no service');
    const identity = setup({ service: 'identity' });
    await expect(identity.host.getToken()).rejects.toThrow('no identity tokens');
    expect([...none.audiences, ...identity.audiences]).toEqual([]);
  });

  it('issues tokens for every declared service, and refuses an audience the manifest does not declare', async () => {
    const { host, audiences } = setup({ service: 'mail', services: ['mail', 'templates'] });
    expect(host.serviceUrl).toBe('/api/mail');
    expect(host.serviceUrls).toEqual({ mail: '/api/mail', templates: '/api/templates' });
    await expect(host.getToken()).resolves.toBe('token-for-mail');
    await expect(host.getToken('templates')).resolves.toBe('token-for-templates');
    await expect(host.getToken('crm')).rejects.toThrow('Widget tickets does not declare the service "crm"');
    await expect(host.getToken('identity')).rejects.toThrow('no identity tokens');
    expect(audiences).toEqual(['mail', 'templates']);
  });

  it('keeps a single-service manifest to its own service', async () => {
    const { host, audiences } = setup();
    expect(host.serviceUrls).toEqual({ tickets: '/api/tickets' });
    await expect(host.getToken('tickets')).resolves.toBe('token-for-tickets');
    await expect(host.getToken('mail')).rejects.toThrow('does not declare the service "mail"');
    expect(audiences).toEqual(['tickets']);
  });

  it('takes the first of services as the own service when service is absent, and never lists identity', async () => {
    const { host } = setup({ service: undefined, services: ['identity', 'templates'] });
    expect(host.serviceUrl).toBe('/api/templates');
    expect(host.serviceUrls).toEqual({ templates: '/api/templates' });
    await expect(host.getToken()).resolves.toBe('token-for-templates');
    await expect(host.getToken('identity')).rejects.toThrow('no identity tokens');
  });

  it("issues a token for the widget's own backend about the context's ticket, and refuses another widget's", async () => {
    const { host, audiences, context } = setup({ connect: ['https://orders.example'] });
    await expect(host.getToken('widget:tickets')).resolves.toBe('token-for-widget:tickets');
    context.setTicket({ id: 't1', number: 7, title: 'x' });
    await expect(host.getToken('widget:tickets')).resolves.toBe('token-for-widget:tickets');
    await expect(host.getToken('widget:order-lookup')).rejects.toThrow(
      'Widget tickets may not get a token for "widget:order-lookup": only for its own backend, "widget:tickets"',
    );
    expect(audiences).toEqual(['widget:tickets -', 'widget:tickets t1']);
  });

  it('refuses a backend token to a widget without approved connect origins', async () => {
    const { host, audiences } = setup({ connect: [] });
    await expect(host.getToken('widget:tickets')).rejects.toThrow('Widget tickets has no approved connect origins');
    expect(audiences).toEqual([]);
  });

  it('passes tabs and navigation on, for shell routes only', () => {
    const { host, tabs, paths } = setup();
    host.openTab({ path: '/tickets/t1', title: '#1234' });
    host.openTab({ path: '/crm', title: 'CRM', background: true });
    host.navigate('/contacts/c1/journey');
    expect(tabs).toEqual([
      { path: '/tickets/t1', title: '#1234' },
      { path: '/crm', title: 'CRM', background: true },
    ]);
    expect(paths).toEqual(['/contacts/c1/journey']);
    for (const bad of ['https://evil.test/', '//evil.test/x', 'javascript:alert(1)', 'tickets/t1', '/\\evil.test']) {
      expect(() => host.navigate(bad)).toThrow(TypeError);
      expect(() => host.openTab({ path: bad, title: 'x' })).toThrow(TypeError);
    }
    expect(paths).toHaveLength(1);
  });

  it('emits and subscribes over the page bus for the events the manifest declares', () => {
    const a = setup({ emits: ['ticket.created'], listens: ['ticket.created'] });
    const seen: number[] = [];
    a.host.on('ticket.created', ({ ticket }) => seen.push(ticket.number));
    a.bus.on('ticket.created', ({ ticket }) => seen.push(-ticket.number));
    a.host.emit('ticket.created', { ticket: { id: 't1', number: 7, title: 'x' } });
    expect(seen).toEqual([7, -7]);
    expect(a.undeclared).toEqual([]);
  });

  it('drops an emit the manifest does not declare and names the widget', () => {
    const a = setup({ emits: ['ticket.created'] });
    const heard: unknown[] = [];
    a.bus.on('ticket.assigned', (payload) => heard.push(payload));
    a.host.emit('ticket.assigned', { emailId: 'e1', ticket: { id: 't1', number: 7, title: 'x' } });
    expect(heard).toEqual([]);
    expect(a.undeclared).toEqual(['tickets emits ticket.assigned']);
  });

  it('warns about a dropped emit naming the widget, by default', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bus = new EventBus();
    const context = new PageContext(bus, { user: { id: 'u1', name: 'Alex', locale: 'en' }, page: 'email-detail' });
    const { host } = createHostApi({ manifest, bus, context, tokens: { getToken: async () => 't', getWidgetToken: async () => 'w' }, openTab: () => undefined, navigate: () => undefined });
    host.emit('ticket.created', { ticket: { id: 't1', number: 7, title: 'x' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Widget tickets emitted "ticket.created"'));
    warn.mockRestore();
  });

  it('treats a manifest without declarations as declaring nothing', () => {
    const a = setup({ emits: undefined, listens: undefined });
    const heard: unknown[] = [];
    a.bus.on('email.changed', (payload) => heard.push(payload));
    a.host.emit('email.changed', { emailId: 'e1', status: 'sent', postponed: false });
    a.host.on('composer.insertText', (payload) => heard.push(payload));
    a.bus.emit('composer.insertText', { text: 'hi' });
    expect(heard).toEqual([]);
    expect(a.undeclared).toEqual(['tickets emits email.changed', 'tickets listens composer.insertText']);
  });

  it('delivers only the events in listens, plus context.changed and locale.changed to everyone', () => {
    const a = setup({ listens: ['ticket.assigned'] });
    const seen: string[] = [];
    a.host.on('ticket.assigned', () => seen.push('assigned'));
    a.host.on('ticket.created', () => seen.push('created'));
    a.host.on('context.changed', () => seen.push('context'));
    a.host.on('locale.changed', ({ locale }) => seen.push(locale));
    a.bus.emit('ticket.created', { ticket: { id: 't1', number: 7, title: 'x' } });
    a.bus.emit('ticket.assigned', { emailId: 'other', ticket: { id: 't1', number: 7, title: 'x' } });
    a.bus.emit('locale.changed', { locale: 'cs' });
    a.bus.emit('context.changed', a.host.context());
    expect(seen).toEqual(['assigned', 'cs', 'context']);
    expect(a.undeclared).toEqual(['tickets listens ticket.created']);
  });

  it('drops every subscription of the widget on dispose', () => {
    const { host, bus, dispose } = setup();
    const seen: string[] = [];
    host.on('locale.changed', ({ locale }) => seen.push(locale));
    const off = host.on('context.changed', () => seen.push('ctx'));
    off();
    dispose();
    bus.emit('locale.changed', { locale: 'cs' });
    bus.emit('context.changed', host.context());
    expect(seen).toEqual([]);
  });
});
