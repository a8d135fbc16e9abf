import { memoryStorage } from './memory-storage.fixture';
import { OVERRIDES_KEY, parseOverride, WidgetOverrides } from './widget-overrides';

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('parseOverride', () => {
  it('splits at the first = into a widget name and the URL of its widget.json', () => {
    expect(parseOverride('parcel-tracker=http://127.0.0.1:5173/widget.json')).toEqual({
      name: 'parcel-tracker',
      url: 'http://127.0.0.1:5173/widget.json',
    });
    expect(parseOverride('parcel-tracker=http://127.0.0.1:5173/widget.json?v=2')).toEqual({
      name: 'parcel-tracker',
      url: 'http://127.0.0.1:5173/widget.json?v=2',
    });
  });

  it('reads an empty URL as "clear"', () => {
    expect(parseOverride('parcel-tracker=')).toEqual({ name: 'parcel-tracker', url: null });
  });

  it.each(['parcel-tracker', 'Parcel=http://x.test/widget.json', 'x=javascript:alert(1)', 'x=/widget.json', '=http://x.test/w.json'])(
    'refuses %p',
    (value) => {
      expect(parseOverride(value)).toHaveProperty('error');
    },
  );
});

describe('WidgetOverrides', () => {
  it('sets an override from ?override=<name>=<url>, keeps it in localStorage and strips the parameter', () => {
    const storage = memoryStorage();
    const overrides = new WidgetOverrides(storage);
    expect(overrides.applyQuery('?override=parcel-tracker=http://127.0.0.1:5173/widget.json&tab=2')).toBe('?tab=2');
    expect(JSON.parse(storage.data.get(OVERRIDES_KEY) ?? '')).toEqual({ 'parcel-tracker': 'http://127.0.0.1:5173/widget.json' });
    expect(overrides.get('parcel-tracker')).toBe('http://127.0.0.1:5173/widget.json');
    expect(new WidgetOverrides(storage).all()).toEqual({ 'parcel-tracker': 'http://127.0.0.1:5173/widget.json' });
  });

  it('clears one with ?override=<name>= and drops the key when none is left', () => {
    const storage = memoryStorage({ [OVERRIDES_KEY]: JSON.stringify({ a: 'http://a.test/widget.json', b: 'http://b.test/widget.json' }) });
    const overrides = new WidgetOverrides(storage);
    expect(overrides.applyQuery('?override=a=')).toBe('');
    expect(overrides.all()).toEqual({ b: 'http://b.test/widget.json' });
    overrides.set('b', null);
    expect(storage.data.has(OVERRIDES_KEY)).toBe(false);
  });

  it('leaves a query without overrides alone, and skips bad values with a warning', () => {
    const overrides = new WidgetOverrides(memoryStorage());
    expect(overrides.applyQuery('?tab=2')).toBeNull();
    expect(overrides.applyQuery('?override=nonsense')).toBe('');
    expect(overrides.all()).toEqual({});
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('nonsense'));
  });

  it('reads damaged storage as no overrides, and ignores entries that are not http URLs', () => {
    expect(new WidgetOverrides(memoryStorage({ [OVERRIDES_KEY]: '{not json' })).all()).toEqual({});
    const mixed = memoryStorage({ [OVERRIDES_KEY]: JSON.stringify({ ok: 'https://x.test/widget.json', bad: 'javascript:alert(1)', Worse: 'http://x.test' }) });
    expect(new WidgetOverrides(mixed).all()).toEqual({ ok: 'https://x.test/widget.json' });
  });
});
