import { LookupBatcher } from './lookup-batcher';

/** A lookup the test answers by hand: each call is kept with its keys until settled. */
function manualLookup() {
  const calls: { keys: string[]; answer(): void; fail(error: unknown): void }[] = [];
  const lookup = (keys: readonly string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ keys: [...keys], answer: () => resolve(keys.map((k) => `result of ${k}`)), fail: reject });
    });
  return { calls, lookup };
}

/** Lets every settled promise's callbacks run (a lookup's end starts the next one in a callback). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LookupBatcher', () => {
  it('sends a key at once when a slot is free, without waiting for others', async () => {
    const { calls, lookup } = manualLookup();
    const batcher = new LookupBatcher({ lookup, maxKeys: 10, maxInFlight: 1 });
    const result = batcher.load('a');
    expect(calls.map((c) => c.keys)).toEqual([['a']]);
    calls[0]!.answer();
    await expect(result).resolves.toBe('result of a');
  });

  it('sends the keys asked while every slot is busy together, each caller getting its own key’s result', async () => {
    const { calls, lookup } = manualLookup();
    const sizes: number[] = [];
    const batcher = new LookupBatcher({ lookup, maxKeys: 10, maxInFlight: 2, onLookup: (keys) => sizes.push(keys) });
    const results = ['a', 'b', 'c', 'd', 'e'].map((k) => batcher.load(k));
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['b']]);
    calls[1]!.answer();
    await settle();
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[2]!.answer();
    calls[0]!.answer();
    await expect(Promise.all(results)).resolves.toEqual(['result of a', 'result of b', 'result of c', 'result of d', 'result of e']);
    expect(calls).toHaveLength(3);
    expect(sizes).toEqual([1, 1, 3]);
  });

  it('sends at most maxKeys keys in one lookup and the rest in the next', async () => {
    const { calls, lookup } = manualLookup();
    const batcher = new LookupBatcher({ lookup, maxKeys: 2, maxInFlight: 1 });
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => batcher.load(k));
    for (let i = 0; i < 4; i++) {
      calls[i]!.answer();
      await settle();
    }
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f']]);
    await expect(Promise.all(results)).resolves.toHaveLength(6);
  });

  it('asks the keys of a failed shared lookup again alone, so one key’s error reaches only its caller', async () => {
    const gate = manualLookup();
    const lookup = jest.fn(async (keys: readonly string[]) => {
      if (keys[0] === 'first') return gate.lookup(keys);
      if (keys.includes('bad')) throw new Error(`no lookup with ${keys.join(',')}`);
      return keys.map((k) => `result of ${k}`);
    });
    const batcher = new LookupBatcher({ lookup, maxKeys: 10, maxInFlight: 1 });
    const held = batcher.load('first');
    const results = ['a', 'bad', 'b'].map((k) => batcher.load(k).catch((error: Error) => error.message));
    gate.calls[0]!.answer();
    await expect(held).resolves.toBe('result of first');
    await expect(Promise.all(results)).resolves.toEqual(['result of a', 'no lookup with bad', 'result of b']);
    expect(lookup.mock.calls.map(([keys]) => keys)).toEqual([['first'], ['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
  });

  it('rejects a lone key’s failed lookup once, and keeps serving afterwards', async () => {
    const { calls, lookup } = manualLookup();
    const batcher = new LookupBatcher({ lookup, maxKeys: 10, maxInFlight: 1 });
    const failed = batcher.load('a');
    calls[0]!.fail(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    const next = batcher.load('b');
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['b']]);
    calls[1]!.answer();
    await expect(next).resolves.toBe('result of b');
  });

  it('rejects a lookup that answers the wrong number of results', async () => {
    const lookup = jest.fn(async (keys: readonly string[]) => keys.slice(1));
    const batcher = new LookupBatcher({ lookup, maxKeys: 10, maxInFlight: 1 });
    await expect(batcher.load('a')).rejects.toThrow('lookup answered 0 results for 1 keys');
  });

  it('fails a lookup that throws before its promise', async () => {
    const batcher = new LookupBatcher<string, string>({
      lookup: () => {
        throw new Error('thrown at once');
      },
      maxKeys: 10,
      maxInFlight: 1,
    });
    await expect(batcher.load('a')).rejects.toThrow('thrown at once');
  });

  it('refuses bounds below one', () => {
    expect(() => new LookupBatcher({ lookup: async () => [], maxKeys: 0, maxInFlight: 1 })).toThrow(RangeError);
    expect(() => new LookupBatcher({ lookup: async () => [], maxKeys: 1, maxInFlight: 0 })).toThrow(RangeError);
  });
});
