import { parseFederationManifest, parseWidgetManifest } from './build-manifests';

const federation = (remoteEntry: object, extra: object = {}) =>
  Buffer.from(JSON.stringify({ metaData: { remoteEntry: { type: 'global', ...remoteEntry }, ...extra } }));

describe('parseFederationManifest', () => {
  it.each([
    [{ name: 'remoteEntry.js', path: '' }, 'remoteEntry.js'],
    [{ name: 'remoteEntry.js', path: '.' }, 'remoteEntry.js'],
    [{ name: 'remoteEntry.js', path: './static/' }, 'static/remoteEntry.js'],
    [{ name: 'remoteEntry.js', path: '/static' }, 'static/remoteEntry.js'],
  ])('joins %j into %j as the federation runtime does', (remoteEntry, expected) => {
    expect(parseFederationManifest(federation(remoteEntry, { publicPath: 'auto' }), 'mf-manifest.json')).toEqual({
      relativePath: expected,
      publicPath: null,
    });
  });

  it('keeps an absolute public path and refuses a relative one', () => {
    const absolute = federation({ name: 'e.js', path: '' }, { publicPath: 'https://cdn.test/w/' });
    expect(parseFederationManifest(absolute, 'm.json').publicPath).toBe('https://cdn.test/w/');
    expect(() => parseFederationManifest(federation({ name: 'e.js', path: '' }, { publicPath: '/w/' }), 'm.json')).toThrow(
      expect.objectContaining({ code: 'INVALID_BUILD' }),
    );
  });

  it('refuses what is not a federation manifest', () => {
    for (const bytes of [Buffer.from('nope'), Buffer.from('{}'), federation({ path: '' })]) {
      expect(() => parseFederationManifest(bytes, 'm.json')).toThrow(expect.objectContaining({ code: 'INVALID_BUILD', statusCode: 400 }));
    }
  });
});

describe('parseWidgetManifest', () => {
  const manifest = {
    name: 'kb',
    version: '1.0.0',
    federationName: 'switchboard_kb',
    entry: 'mf-manifest.json',
    exposedModule: './widget',
    mandatory: false,
    hostContract: '1.0.0',
    title: { en: 'Articles', cs: 'Články' },
  };

  it('accepts a manifest naming the expected version', () => {
    expect(parseWidgetManifest(Buffer.from(JSON.stringify(manifest)), { name: 'kb', version: '1.0.0' })).toEqual(manifest);
  });

  it('accepts declared services beside the own service, and refuses unknown or repeated audiences', () => {
    const declared = { ...manifest, service: 'kb', services: ['kb', 'templates'] };
    expect(parseWidgetManifest(Buffer.from(JSON.stringify(declared)), { name: 'kb', version: '1.0.0' })).toEqual(declared);
    for (const services of [['kb', 'payroll'], ['templates', 'templates']]) {
      expect(() => parseWidgetManifest(Buffer.from(JSON.stringify({ ...manifest, services })), { name: 'kb', version: '1.0.0' })).toThrow(
        expect.objectContaining({ code: 'INVALID_BUILD', details: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^\/services/) })]) }),
      );
    }
  });

  it('refuses a development build, which must never become an immutable version', () => {
    expect(() => parseWidgetManifest(Buffer.from(JSON.stringify({ ...manifest, development: true })), { name: 'kb', version: '1.0.0' })).toThrow(
      expect.objectContaining({ code: 'INVALID_BUILD', statusCode: 400, message: expect.stringMatching(/development build/) }),
    );
  });

  it('lists schema errors in the details', () => {
    const bad = { ...manifest, exposedModule: 'widget' };
    expect(() => parseWidgetManifest(Buffer.from(JSON.stringify(bad)), { name: 'kb', version: '1.0.0' })).toThrow(
      expect.objectContaining({ code: 'INVALID_BUILD', details: [expect.objectContaining({ path: '/exposedModule' })] }),
    );
  });
});
