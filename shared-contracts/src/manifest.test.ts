import { Value } from '@sinclair/typebox/value';
import { repeatedSettingKeys, WidgetManifestSchema, type ItemSetting } from './manifest';

const manifest = {
  name: 'page-in-page',
  version: '1.0.0',
  federationName: 'switchboard_page_in_page',
  entry: 'mf-manifest.json',
  exposedModule: './widget',
  mandatory: false,
  hostContract: '1.0.0',
  title: { en: 'Page in page', cs: 'Stránka ve stránce' },
};
const address: ItemSetting = { key: 'url', kind: 'url', label: { en: 'Page address', cs: 'Adresa stránky' } };

describe('a manifest’s item settings', () => {
  it('are optional and accept a declared address and a text', () => {
    expect(Value.Check(WidgetManifestSchema, manifest)).toBe(true);
    const declared = { ...manifest, settings: [address, { key: 'orderPrefix', kind: 'text', label: { en: 'Prefix', cs: 'Předpona' } }] };
    expect(Value.Check(WidgetManifestSchema, declared)).toBe(true);
  });

  it.each([
    ['an unknown kind', { ...address, kind: 'number' }],
    ['a key that is no identifier', { ...address, key: 'my url' }],
    ['a key past 32 characters', { ...address, key: `u${'x'.repeat(32)}` }],
    ['a missing language', { ...address, label: { en: 'Page address' } }],
    ['an empty label', { ...address, label: { en: '', cs: 'Adresa' } }],
    ['a label past 80 characters', { ...address, label: { en: 'x'.repeat(81), cs: 'Adresa' } }],
    ['an undeclared property', { ...address, default: 'https://a.test' }],
  ])('refuse %s', (_, setting) => {
    expect(Value.Check(WidgetManifestSchema, { ...manifest, settings: [setting] })).toBe(false);
  });

  it('are at most eight', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...address, key: `field${i}` }));
    expect(Value.Check(WidgetManifestSchema, { ...manifest, settings: many(8) })).toBe(true);
    expect(Value.Check(WidgetManifestSchema, { ...manifest, settings: many(9) })).toBe(false);
  });

  it('name each key once: repeatedSettingKeys lists the repeated ones', () => {
    expect(repeatedSettingKeys([address])).toEqual([]);
    expect(repeatedSettingKeys([address, { ...address, kind: 'text' }, address])).toEqual(['url']);
  });
});
