import { memoryStorage } from '../widgets/memory-storage.fixture';
import { TabStore } from './tab-store';

describe('TabStore', () => {
  it('opens each path once, in order, and never stores home', () => {
    const store = new TabStore(memoryStorage());
    store.open({ path: '/emails/a' });
    store.open({ path: '/tickets/t', title: '#12', opener: '/emails/a' });
    store.open({ path: '/emails/a' });
    store.open({ path: '/' });
    expect(store.tabs).toEqual([{ path: '/emails/a' }, { path: '/tickets/t', title: '#12', opener: '/emails/a' }]);
  });

  it('updates the title of an open tab but keeps where it was opened from', () => {
    const store = new TabStore(memoryStorage());
    store.open({ path: '/tickets/t', title: '#?', opener: '/emails/a' });
    store.open({ path: '/tickets/t', title: '#12', opener: '/emails/b' });
    store.rename('/missing', 'x');
    expect(store.tabs).toEqual([{ path: '/tickets/t', title: '#12', opener: '/emails/a' }]);
  });

  it('survives a reload through its storage', () => {
    const storage = memoryStorage();
    const store = new TabStore(storage);
    store.open({ path: '/emails/a' });
    store.open({ path: '/tickets/t', title: '#12', opener: '/emails/a' });
    expect(new TabStore(storage).tabs).toEqual(store.tabs);
  });

  it('ignores corrupt or foreign storage content', () => {
    expect(new TabStore(memoryStorage({ 'sb:tabs': '{not json' })).tabs).toEqual([]);
    const mixed = JSON.stringify([{ path: '/emails/a' }, { path: 42 }, 'x', { path: 'relative' }, { path: '/' }]);
    expect(new TabStore(memoryStorage({ 'sb:tabs': mixed })).tabs).toEqual([{ path: '/emails/a' }]);
  });

  it('returns to the opener when a tab opened from it is closed (K5)', () => {
    const store = new TabStore(memoryStorage());
    store.open({ path: '/emails/a' });
    store.open({ path: '/emails/b' });
    store.open({ path: '/tickets/t', opener: '/emails/a' });
    expect(store.close('/tickets/t')).toBe('/emails/a');
    expect(store.tabs.map((t) => t.path)).toEqual(['/emails/a', '/emails/b']);
  });

  it('falls back to the neighbour, then home, when the opener is gone', () => {
    const store = new TabStore(memoryStorage());
    store.open({ path: '/emails/a' });
    store.open({ path: '/emails/b' });
    store.open({ path: '/tickets/t', opener: '/emails/gone' });
    expect(store.close('/tickets/t')).toBe('/emails/b');
    expect(store.close('/emails/a')).toBe('/emails/b');
    expect(store.close('/emails/b')).toBe('/');
    expect(store.close('/emails/b')).toBe('/');
  });

  it('retargets a tab in place when navigating inside it', () => {
    const store = new TabStore(memoryStorage());
    store.open({ path: '/emails/a' });
    store.open({ path: '/tickets/t', title: '#12', opener: '/emails/a' });
    store.retarget('/tickets/t', '/contacts/c/journey', 'Journey');
    expect(store.tabs).toEqual([{ path: '/emails/a' }, { path: '/contacts/c/journey', title: 'Journey', opener: '/emails/a' }]);
    store.retarget('/', '/emails/b');
    expect(store.tabs.map((t) => t.path)).toEqual(['/emails/a', '/contacts/c/journey', '/emails/b']);
  });

  it('notifies subscribers and clears storage on clear()', () => {
    const storage = memoryStorage();
    const store = new TabStore(storage);
    let changes = 0;
    const off = store.subscribe(() => (changes += 1));
    store.open({ path: '/emails/a' });
    store.clear();
    off();
    store.open({ path: '/emails/b' });
    expect(changes).toBe(2);
    expect(new TabStore(memoryStorage(Object.fromEntries(storage.data))).tabs).toEqual([{ path: '/emails/b' }]);
    store.clear();
    expect(storage.data.has('sb:tabs')).toBe(false);
  });
});
