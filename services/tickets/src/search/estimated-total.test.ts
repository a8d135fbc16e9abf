import { estimatedTotal, RECENT_WINDOW, type WindowRow } from './search-sql';

/** Window rows: the i-th match found at `places[i]` among the newest tickets, in a table of `tableRows`. */
const windowRows = (places: number[], tableRows: number) => places.map((place) => ({ window_place: String(place), table_rows: tableRows }) as unknown as WindowRow);

describe('estimatedTotal', () => {
  it('spreads the matches per ticket walked over the table, to two significant digits', () => {
    // 26 matches within the 650 newest of a million tickets: 4% of them, about 40,000.
    expect(estimatedTotal(windowRows([...Array.from({ length: 25 }, (_, i) => i + 1), 650], 1_000_000), 0, 25)).toBe(40_000);
    // 26 matches within the 6,633 newest: 3,919.8 → 3,900.
    expect(estimatedTotal(windowRows([...Array.from({ length: 25 }, (_, i) => i + 1), 6633], 1_000_000), 0, 25)).toBe(3_900);
  });

  it('never answers fewer than the matches seen', () => {
    expect(estimatedTotal(windowRows([...Array.from({ length: 10 }, (_, i) => i + 1), 19_999], 20_001), 490, 10)).toBe(501);
  });

  it('answers nothing to estimate for a page that is not full or a table the window covers', () => {
    expect(estimatedTotal(windowRows([1, 2, 3], 1_000_000), 0, 3)).toBeUndefined();
    expect(estimatedTotal(windowRows([1, 2, 3, 4], RECENT_WINDOW), 0, 3)).toBeUndefined();
    expect(estimatedTotal([], 0, 25)).toBeUndefined();
  });
});
