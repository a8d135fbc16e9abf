import { HOST_CONTRACT_VERSION, type ServiceAudience, type TabRequest, type WidgetManifest } from '@switchboard/contracts';
import { ticketsManifest } from './tickets-manifest.fixture';
import { EventBus } from './event-bus';
import { createHostApi, type HostApiOptions } from './host-api';
import { PageContext } from './page-context';

const manifest = ticketsManifest;

function setup(overrides: Partial<WidgetManifest> = {}) {
  const bus = new EventBus();
  const audiences: ServiceAudience[] = [];
  const tabs: TabRequest[] = [];
  const paths: string[] = [];
  const options: HostApiOptions = {
    manifest: { ...manifest, ...overrides },
    bus,
    context: new PageContext(bus, { user: { id: 'u1', name: 'Alex', locale: 'en' }, page: 'email-detail', emailId: 'e1' }),
    tokens: {
      getToken: async (audience) => {
        audiences.push(audience);
        return `token-for-${audience}`;
      },
    },
    openTab: (tab) => tabs.push(tab),
    navigate: (path) => paths.push(path),
  };
  return { bus, audiences, tabs, paths, ...createHostApi(options) };
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

  it('passes tabs and navigation on, for shell routes only', () => {
    const { host, tabs, paths } = setup();
    host.openTab({ path: '/tickets/t1', title: '#1234' });
    host.navigate('/contacts/c1/journey');
    expect(tabs).toEqual([{ path: '/tickets/t1', title: '#1234' }]);
    expect(paths).toEqual(['/contacts/c1/journey']);
    for (const bad of ['https://evil.test/', '//evil.test/x', 'javascript:alert(1)', 'tickets/t1', '/\\evil.test']) {
      expect(() => host.navigate(bad)).toThrow(TypeError);
      expect(() => host.openTab({ path: bad, title: 'x' })).toThrow(TypeError);
    }
    expect(paths).toHaveLength(1);
  });

  it('emits and subscribes over the page bus', () => {
    const a = setup();
    const seen: string[] = [];
    a.host.on('locale.changed', ({ locale }) => seen.push(`widget:${locale}`));
    a.bus.on('locale.changed', ({ locale }) => seen.push(`shell:${locale}`));
    a.host.emit('locale.changed', { locale: 'cs' });
    expect(seen).toEqual(['widget:cs', 'shell:cs']);
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
