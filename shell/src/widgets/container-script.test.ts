import { loadContainerScript } from './container-script';

describe('loadContainerScript', () => {
  const entry = 'http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js';
  const globals = window as unknown as Record<string, unknown>;
  /** The scripts the loader adds, held back from the document (happy-dom does not run scripts). */
  let added: HTMLScriptElement[];

  beforeEach(() => {
    added = [];
    jest.spyOn(document.head, 'append').mockImplementation((...nodes) => {
      added.push(...(nodes as HTMLScriptElement[]));
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    delete globals.switchboard_tickets;
  });

  it('creates a remote entry script with its integrity, fetched with CORS so the check can run, and resolves with its container', async () => {
    const loading = loadContainerScript(entry, 'switchboard_tickets', 'sha384-published');
    const [script] = added;
    expect(script!.src).toBe(entry);
    expect(script!.integrity).toBe('sha384-published');
    expect(script!.crossOrigin).toBe('anonymous');
    const container = { init: () => undefined, get: async () => () => ({}) };
    globals.switchboard_tickets = container;
    script!.onload!(new Event('load'));
    await expect(loading).resolves.toBe(container);
  });

  it('loads a dev override without integrity or CORS mode', () => {
    void loadContainerScript('http://127.0.0.1:5173/remoteEntry.js', 'switchboard_tickets').catch(() => undefined);
    expect(added[0]!.integrity).toBe('');
    expect(added[0]!.hasAttribute('crossorigin')).toBe(false);
  });

  it('takes a script that failed out of the document, so a retry fetches it again', async () => {
    const loading = loadContainerScript(entry, 'switchboard_tickets', 'sha384-published');
    const [script] = added;
    const remove = jest.spyOn(script!, 'remove');
    script!.onerror!(new Event('error'));
    await expect(loading).rejects.toThrow(`${entry} could not be loaded`);
    expect(remove).toHaveBeenCalled();
  });

  it('fails when the script defines no container under the federation name', async () => {
    const loading = loadContainerScript(entry, 'switchboard_tickets', 'sha384-published');
    added[0]!.onload!(new Event('load'));
    await expect(loading).rejects.toThrow('defines no container switchboard_tickets');
  });
});
