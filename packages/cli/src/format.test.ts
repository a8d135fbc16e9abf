import { formatCanary, formatPlacement, formatServices, formatTable, formatVersions, formatWidgetList } from './format';
import { publishedVersion, SAMPLE_LIST } from './testing/widget-list';

describe('formatting the widget list', () => {
  it('describes a canary by version, share and teams', () => {
    expect(formatCanary(null)).toBe('-');
    expect(formatCanary({ version: '1.3.0', percent: 10, teams: [] })).toBe('1.3.0 (10%)');
    expect(formatCanary({ version: '1.3.0', percent: 0, teams: ['a', 'b'] })).toBe('1.3.0 (0%, 2 teams)');
  });

  it('lists versions with their failure counts', () => {
    expect(formatVersions([])).toBe('-');
    expect(
      formatVersions([publishedVersion('x', '2.0.0', { count: 1 }), publishedVersion('x', '1.0.0'), publishedVersion('x', '0.9.0', { count: 12 })]),
    ).toBe('2.0.0 [1 failure], 1.0.0, 0.9.0 [12 failures]');
  });

  it('shows the services the active version declares, else those of the newest version', () => {
    expect(formatServices(SAMPLE_LIST.items[0])).toBe('tickets, crm');
    const newest = publishedVersion('email', '2.0.0', {}, { service: 'mail', services: ['mail', 'templates'] });
    expect(formatServices({ active: null, versions: [newest, publishedVersion('email', '1.0.0')] })).toBe('mail, templates');
    expect(formatServices({ active: null, versions: [] })).toBe('-');
  });

  it('says where a widget is placed', () => {
    expect(formatPlacement({ placedOn: { default: true, teams: [] } })).toBe('default');
    expect(formatPlacement({ placedOn: { default: false, teams: ['a', 'b'] } })).toBe('2 teams');
    expect(formatPlacement({ placedOn: { default: false, teams: [] } })).toBe('-');
    expect(formatPlacement({})).toBe('?');
  });

  it('aligns columns and leaves the last one unpadded', () => {
    expect(formatTable([
      ['A', 'BB', 'C'],
      ['aaa', 'b', 'c'],
    ])).toBe('A    BB  C\naaa  b   c');
  });

  it('prints the environment, a table and the reported load failures', () => {
    expect(formatWidgetList(SAMPLE_LIST)).toBe(
      [
        'Environment: production',
        '',
        'NAME          ACTIVE  PLACED           SERVICES      CANARY               VERSIONS',
        'tickets       1.2.0   default, 1 team  tickets, crm  1.3.0 (10%, 1 team)  1.3.0 [2 failures], 1.2.0, 1.1.0 [1 failure]',
        'order-lookup  -       -                -             -                    0.1.0',
        '',
        'Load failures reported by shells:',
        '  tickets@1.3.0  2 failures, last at 2026-01-12T08:30:00.000Z: Timed out loading remoteEntry.js',
        '  tickets@1.1.0  1 failure, last at 2026-01-02T10:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('lists the origins of their own backends the shown versions call, marking those not approved', () => {
    const calling = {
      ...publishedVersion('order-lookup', '0.2.0', {}, { connect: ['https://orders.example', 'https://api.parcels.example:8443'] }),
      approvedConnect: ['https://orders.example'],
    };
    const list = { items: [{ ...SAMPLE_LIST.items[1], versions: [calling, ...SAMPLE_LIST.items[1].versions] }] };
    expect(formatWidgetList(list)).toContain(
      'Origins they call besides the platform (connect):\n  order-lookup@0.2.0  https://orders.example https://api.parcels.example:8443 (not approved)\n',
    );
    expect(formatWidgetList(SAMPLE_LIST)).not.toContain('connect');
  });

  it('leaves out the failure section when nothing failed, and says when nothing is published', () => {
    const calm = { items: [SAMPLE_LIST.items[1]] };
    expect(formatWidgetList(calm)).not.toContain('Load failures');
    expect(formatWidgetList({ items: [] })).toBe('No widgets are published yet.\n');
  });
});
