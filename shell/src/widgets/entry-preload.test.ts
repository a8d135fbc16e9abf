import { planFrames } from '../layout/frame-plan';
import { withRegions } from '../layout/layout-model';
import { preloadEntries } from './entry-preload';
import { optionalManifest, pageWidget } from './page-widget.fixture';
import { ticketsManifest } from './tickets-manifest.fixture';

const tickets = pageWidget(ticketsManifest);
const contacts = pageWidget(optionalManifest('contacts', 'Contacts'));
const notes = pageWidget(optionalManifest('notes', 'Notes'));
const sandboxed = pageWidget({ ...optionalManifest('order-lookup', 'Order lookup'), untrusted: true });

const preloads = () =>
  [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')].map((link) => ({
    href: link.href,
    as: link.as,
    integrity: link.integrity,
    crossOrigin: link.crossOrigin,
  }));

describe('preloadEntries', () => {
  afterEach(() => document.head.replaceChildren());

  it('preloads the entry of every shown registry widget with its integrity, fetched with CORS as the integrity plugin loads it', () => {
    preloadEntries(planFrames(withRegions([tickets, contacts]), {}));
    expect(preloads()).toEqual([
      { href: tickets.entryUrl, as: 'script', integrity: 'sha384-published', crossOrigin: 'anonymous' },
      { href: contacts.entryUrl, as: 'script', integrity: 'sha384-published', crossOrigin: 'anonymous' },
    ]);
  });

  it('leaves out collapsed, hidden, sandboxed and overridden widgets and entries without integrity', () => {
    const layout = withRegions([
      tickets,
      { ...contacts, collapsed: true },
      { ...notes, hidden: true },
      sandboxed,
      pageWidget(optionalManifest('calendar', 'Calendar'), { integrity: '' }),
      pageWidget(optionalManifest('articles', 'Articles')),
    ]);
    preloadEntries(planFrames(layout, { articles: 'http://127.0.0.1:5173/widget.json' }));
    expect(preloads().map((link) => link.href)).toEqual([tickets.entryUrl]);
  });

  it('adds an entry once however often the page plans its frames', () => {
    const plans = planFrames(withRegions([tickets]), {});
    preloadEntries(plans);
    preloadEntries(plans);
    expect(preloads()).toHaveLength(1);
  });
});
