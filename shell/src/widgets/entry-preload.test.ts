import type { PageWidget } from '@switchboard/contracts';
import { planFrames } from '../layout/frame-plan';
import { withRegions } from '../layout/layout-model';
import { preloadScript, widgetsToPreload } from './entry-preload';
import { optionalManifest, pageWidget } from './page-widget.fixture';
import { ticketsManifest } from './tickets-manifest.fixture';

const tickets = pageWidget(ticketsManifest);
const contacts = pageWidget(optionalManifest('contacts', 'Contacts'));

describe('widgetsToPreload', () => {
  const notes = pageWidget(optionalManifest('notes', 'Notes'));
  const sandboxed = pageWidget({ ...optionalManifest('order-lookup', 'Order lookup'), untrusted: true });
  const names = (widgets: PageWidget[], overrides: Record<string, string> = {}) => widgetsToPreload(planFrames(withRegions(widgets), overrides)).map((w) => w.widget);

  it('takes the top widget of each column, not those further down (they may be below the fold)', () => {
    expect(names([tickets, contacts, notes])).toEqual(['tickets', 'contacts']);
  });

  it('skips collapsed and hidden widgets: the top one is the first that is expanded', () => {
    expect(names([tickets, { ...contacts, collapsed: true }, { ...notes, hidden: true }, pageWidget(optionalManifest('kb', 'KB'))])).toEqual(['tickets', 'kb']);
  });

  it('never preloads a sandboxed widget, a dev override or an entry without integrity; they still take their column\'s top', () => {
    expect(names([tickets, sandboxed, contacts])).toEqual(['tickets']);
    expect(names([tickets, contacts, notes], { contacts: 'http://127.0.0.1:5173/widget.json' })).toEqual(['tickets']);
    expect(names([{ ...tickets, integrity: '' }, contacts])).toEqual(['contacts']);
  });
});

describe('preloadScript', () => {
  afterEach(() => document.head.replaceChildren());

  const links = () =>
    [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')].map((link) => ({
      href: link.href,
      as: link.as,
      integrity: link.integrity,
      crossOrigin: link.crossOrigin,
    }));

  it('preloads a script with its integrity, fetched with CORS as the integrity plugin later loads it, once per URL', () => {
    preloadScript(tickets.entryUrl, 'sha384-published');
    preloadScript(tickets.entryUrl, 'sha384-published');
    expect(links()).toEqual([{ href: tickets.entryUrl, as: 'script', integrity: 'sha384-published', crossOrigin: 'anonymous' }]);
  });
});
