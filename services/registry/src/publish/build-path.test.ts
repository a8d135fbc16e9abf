import { resolveBuildReference, unsafeBuildPath } from './build-path';

describe('unsafeBuildPath', () => {
  it.each(['widget.json', 'mf/remoteEntry.js', '__federation_expose_widget.1a2b3c4d.js.map', 'a/b/c/d.css', 'with space.js'])(
    'accepts %j',
    (path) => expect(unsafeBuildPath(path)).toBeNull(),
  );

  it.each(['', '/abs.js', '../up.js', 'a/../../up.js', 'a/..', './a.js', 'a/./b.js', 'a//b.js', 'a/', 'a\\b.js', 'nul\u0000.js', 'tab\t.js', 'x'.repeat(301)])(
    'refuses %j',
    (path) => expect(unsafeBuildPath(path)).toEqual(expect.any(String)),
  );
});

describe('resolveBuildReference', () => {
  it('resolves relative to the referring file', () => {
    expect(resolveBuildReference('widget.json', 'mf-manifest.json')).toBe('mf-manifest.json');
    expect(resolveBuildReference('widget.json', './mf/mf-manifest.json')).toBe('mf/mf-manifest.json');
    expect(resolveBuildReference('mf/mf-manifest.json', 'remoteEntry.js')).toBe('mf/remoteEntry.js');
    expect(resolveBuildReference('mf/mf-manifest.json', '../remoteEntry.js')).toBe('remoteEntry.js');
  });

  it.each(['../x.json', 'mf/../../x.json', '/x.json', 'https://cdn.test/x.json', 'data:text/plain,x', ''])(
    'refuses %j, which leaves the build',
    (reference) => expect(resolveBuildReference('widget.json', reference)).toBeNull(),
  );
});
