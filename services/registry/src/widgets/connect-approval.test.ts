import type { WidgetManifest } from '@switchboard/contracts';
import { pageManifest } from './connect-approval';

const manifest = (connect?: string[]): WidgetManifest => ({
  name: 'orders',
  version: '1.0.0',
  federationName: 'switchboard_orders',
  entry: 'mf-manifest.json',
  exposedModule: './widget',
  mandatory: false,
  hostContract: '1.0.0',
  title: { en: 'Orders', cs: 'Objednávky' },
  ...(connect ? { connect } : {}),
});

describe('pageManifest', () => {
  it('keeps in connect only the declared origins an admin approved', () => {
    const declared = manifest(['https://a.example', 'https://b.example']);
    expect(pageManifest({ manifest: declared, approvedConnect: ['https://b.example'] }).connect).toEqual(['https://b.example']);
    expect(pageManifest({ manifest: declared, approvedConnect: ['https://a.example', 'https://b.example'] }).connect).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('leaves connect out when nothing declared was approved', () => {
    expect(pageManifest({ manifest: manifest(['https://a.example']), approvedConnect: [] })).not.toHaveProperty('connect');
    expect(pageManifest({ manifest: manifest(['https://a.example']), approvedConnect: ['https://other.example'] })).not.toHaveProperty('connect');
    expect(pageManifest({ manifest: manifest(), approvedConnect: ['https://a.example'] })).toEqual(manifest());
  });
});
