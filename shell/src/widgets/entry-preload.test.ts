import { planFrames } from '../layout/frame-plan';
import { withRegions } from '../layout/layout-model';
import { preloadScript, widgetsToPreload } from './entry-preload';
import { optionalManifest, pageWidget } from './page-widget.fixture';
import { ticketsManifest } from './tickets-manifest.fixture';

const tickets = pageWidget(ticketsManifest);
const contacts = pageWidget(optionalManifest('contacts', 'Contacts'));

describe('widgetsToPreload', () => {
  it('takes the shown registry widgets, leaving out collapsed, hidden, sandboxed and overridden ones and entries without integrity', () => {
    const layout = withRegions([
      tickets,
      contacts,
      pageWidget(optionalManifest('notes', 'Notes'), { collapsed: true }),
      pageWidget(optionalManifest('kb', 'KB'), { hidden: true }),
      pageWidget({ ...optionalManifest('order-lookup', 'Order lookup'), untrusted: true }),
      pageWidget(optionalManifest('calendar', 'Calendar'), { integrity: '' }),
      pageWidget(optionalManifest('articles', 'Articles')),
    ]);
    const plans = planFrames(layout, { articles: 'http://127.0.0.1:5173/widget.json' });
    expect(widgetsToPreload(plans).map((w) => w.widget)).toEqual(['tickets', 'contacts']);
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
