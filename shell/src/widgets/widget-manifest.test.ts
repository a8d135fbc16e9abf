import { HOST_CONTRACT_VERSION } from '@switchboard/contracts';
import { ticketsManifest } from './tickets-manifest.fixture';
import { WidgetLoadError } from './widget-load-error';
import { remoteModuleId, validateManifest } from './widget-manifest';

const manifest = ticketsManifest;

function failure(value: unknown, expectedName = 'tickets', host?: string): WidgetLoadError {
  try {
    validateManifest(value, expectedName, host);
  } catch (error) {
    if (error instanceof WidgetLoadError) return error;
    throw error;
  }
  throw new Error('expected validateManifest to throw');
}

describe('validateManifest', () => {
  it('accepts a manifest of the expected widget and host contract', () => {
    expect(validateManifest(manifest, 'tickets')).toBe(manifest);
    expect(validateManifest({ ...manifest, service: undefined, hostContract: '1.7.0' }, 'tickets').hostContract).toBe('1.7.0');
  });

  it.each([
    ['a missing title', { ...manifest, title: undefined }, '/title'],
    ['a title without Czech', { ...manifest, title: { en: 'Tickets' } }, '/title/cs'],
    ['a federation name that is not an identifier', { ...manifest, federationName: 'tickets-widget' }, '/federationName'],
    ['an exposed module without ./', { ...manifest, exposedModule: 'widget' }, '/exposedModule'],
    ['an unknown service', { ...manifest, service: 'billing' }, '/service'],
    ['a non-semver version', { ...manifest, version: 'latest' }, '/version'],
  ])('refuses %s', (_label, value, path) => {
    const error = failure(value);
    expect(error.kind).toBe('manifest-invalid');
    expect(String(error.params.detail)).toContain(path);
  });

  it.each([null, 'tickets', [], 42])('refuses %p as a manifest', (value) => {
    expect(failure(value).kind).toBe('manifest-invalid');
  });

  it('refuses a manifest of another widget than the layout names', () => {
    const error = failure(manifest, 'email');
    expect(error.kind).toBe('manifest-invalid');
    expect(error.params.detail).toContain('"email"');
  });

  it('refuses another host-contract major and names both versions', () => {
    const error = failure({ ...manifest, hostContract: '2.0.0' });
    expect(error.kind).toBe('contract');
    expect(error.params).toEqual({ widget: '2.0.0', host: HOST_CONTRACT_VERSION });
    expect(error.manifest?.title.en).toBe('Tickets');
    expect(failure(manifest, 'tickets', '2.1.0').kind).toBe('contract');
  });
});

describe('remoteModuleId', () => {
  it('joins the federation name and the exposed module', () => {
    expect(remoteModuleId(manifest)).toBe('switchboard_tickets/widget');
  });
});

describe('WidgetLoadError.wrap', () => {
  it('keeps a WidgetLoadError and wraps anything else as the given kind', () => {
    const original = new WidgetLoadError('timeout', 'slow', { seconds: 10 });
    expect(WidgetLoadError.wrap(original, 'mount')).toBe(original);
    const wrapped = WidgetLoadError.wrap('plain string', 'load');
    expect(wrapped).toMatchObject({ kind: 'load', message: 'plain string', params: { detail: 'plain string' } });
  });

  it("drops single-spa's lifecycle prefix from the message", () => {
    const wrapped = WidgetLoadError.wrap(new Error("parcel 'parcel-3' died in status MOUNTING: boom"), 'mount');
    expect(wrapped.params.detail).toBe('boom');
  });
});
