import type { WidgetVersionRecord } from '../entities';
import type { Release } from '../widgets/releases.repository';
import { chooseVersion, compose, versionsToLoad, type ComposeInput } from './compose';

const record = (name: string, version: string, entryUrl: string | null = null): WidgetVersionRecord => ({
  name,
  version,
  manifest: {
    name,
    version,
    federationName: `switchboard_${name}`,
    entry: 'mf-manifest.json',
    exposedModule: './widget',
    mandatory: false,
    hostContract: '1.0.0',
    title: { en: name, cs: name },
  },
  source: entryUrl ? 'url' : 'upload',
  entryPath: entryUrl ? null : 'remoteEntry.js',
  entryUrl,
  integrity: `sha384-${name}${version}`,
  publishedAt: new Date(0),
  publishedBy: 'test',
  failureCount: 0,
  failureLastReason: null,
  failureLastAt: null,
  approvedConnect: [],
  connectApprovedBy: null,
  connectApprovedAt: null,
});

const release = (name: string, active: string | null, canary: Release['canary'] = null): Release => ({
  name,
  environment: 'production',
  active,
  history: [],
  canary,
});

const caller = { sub: 'user-1', teams: ['team-1'] };

describe('chooseVersion', () => {
  const exists = (v: string) => ['1.0.0', '2.0.0', '3.0.0'].includes(v);

  it('prefers a pin that exists, then a canary the caller is in, then the active version', () => {
    const r = release('tickets', '1.0.0', { version: '2.0.0', percent: 0, teams: ['team-1'] });
    expect(chooseVersion({ widget: 'tickets', version: '3.0.0' }, r, caller, exists)).toEqual({ channel: 'pinned', version: '3.0.0' });
    expect(chooseVersion({ widget: 'tickets', version: '9.0.0' }, r, caller, exists)).toEqual({ channel: 'canary', version: '2.0.0' });
    expect(chooseVersion({ widget: 'tickets' }, r, { sub: 'user-2', teams: [] }, exists)).toEqual({ channel: 'active', version: '1.0.0' });
  });

  it('leaves a widget off when it has no active version and no pin', () => {
    const r = release('tickets', null, { version: '2.0.0', percent: 100, teams: [] });
    expect(chooseVersion({ widget: 'tickets' }, r, caller, exists)).toBeNull();
    expect(chooseVersion({ widget: 'tickets' }, undefined, caller, exists)).toBeNull();
  });
});

describe('compose', () => {
  const releases = new Map([
    ['email', release('email', '1.0.0')],
    ['tickets', release('tickets', '1.0.0')],
    ['calendar', release('calendar', '2.0.0')],
    ['kb', release('kb', null)],
  ]);
  const input = (items: ComposeInput['layout']['items']): ComposeInput => ({
    page: 'email-detail',
    environment: 'production',
    caller,
    layout: { source: 'user', items, editedVersion: 4 },
    releases,
    versions: [record('email', '1.0.0'), record('tickets', '1.0.0'), record('calendar', '2.0.0', 'https://cdn.test/calendar/remoteEntry.js')],
    assetBaseUrl: 'http://registry.test',
  });

  it('keeps the layout order, appends unplaced active widgets hidden, and never hides mandatory ones', () => {
    const page = compose(input([{ widget: 'tickets', hidden: true }, { widget: 'kb' }, { widget: 'email' }]));
    expect(page.widgets.map((w) => [w.widget, w.hidden, w.mandatory])).toEqual([
      ['tickets', false, true],
      ['email', false, true],
      ['calendar', true, false],
    ]);
    expect(page).toMatchObject({ layoutSource: 'user', layoutVersion: 4, environment: 'production' });
  });

  it('points uploads at the asset base URL and registered builds at their own URL', () => {
    const page = compose(input([{ widget: 'email' }, { widget: 'calendar', settings: { view: 'day' } }]));
    expect(page.widgets.map((w) => w.entryUrl)).toEqual([
      'http://registry.test/assets/email/1.0.0/remoteEntry.js',
      'https://cdn.test/calendar/remoteEntry.js',
      'http://registry.test/assets/tickets/1.0.0/remoteEntry.js',
    ]);
    expect(page.widgets[1]).toMatchObject({ settings: { view: 'day' }, integrity: 'sha384-calendar2.0.0', channel: 'active' });
  });

  it('asks for pins, canary candidates and active versions', () => {
    const withCanary = new Map([['tickets', release('tickets', '1.0.0', { version: '1.1.0', percent: 5, teams: [] })]]);
    expect(versionsToLoad([{ widget: 'tickets', version: '0.9.0' }, { widget: 'email' }], withCanary)).toEqual([
      { name: 'tickets', version: '0.9.0' },
      { name: 'tickets', version: '1.0.0' },
      { name: 'tickets', version: '1.1.0' },
    ]);
  });
});
