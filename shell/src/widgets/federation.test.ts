import { integrityPlugin } from './federation';

describe('integrityPlugin', () => {
  const entry = 'http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js';
  const plugin = integrityPlugin((url) => (url === entry ? 'sha384-published' : undefined));
  const createScript = plugin.createScript as (args: { url: string }) => { script: HTMLScriptElement } | undefined;

  it('creates a remote entry script with its integrity, fetched with CORS so the check can run', () => {
    const result = createScript({ url: entry });
    expect(result?.script.src).toBe(entry);
    expect(result?.script.integrity).toBe('sha384-published');
    expect(result?.script.crossOrigin).toBe('anonymous');
  });

  it('leaves scripts without a known integrity (chunks, dev overrides) to the runtime', () => {
    expect(createScript({ url: 'http://127.0.0.1:5173/remoteEntry.js' })).toBeUndefined();
  });
});
