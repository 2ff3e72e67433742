// The one way every percentage is shown (common/percent.ts): rounded once from the counts, never
// 100 while something is missing, never 0 while something is there, null for no data.
import { describe, expect, it } from 'vitest';
import { formatBound, formatPercent, percentOf, shownPercent } from '../../common/percent.ts';

describe('shownPercent', () => {
  it('rounds the exact share once (2,530 of 2,791 is 90.648 %: 90.6, not 90.65 then 90.7)', () => {
    expect(shownPercent(2530, 2791)).toEqual({ value: 90.6, digits: 1 });
    expect(formatPercent(2530, 2791, 'nl-NL', '–')).toBe('90,6%');
    expect(formatPercent(2530, 2791, 'en-GB', '–')).toBe('90.6%');
  });

  it('never shows 100 while an address is missing, nor 0 while one is covered', () => {
    expect(formatPercent(9996, 10000, 'en-GB', '–')).toBe('99.96%');
    expect(formatPercent(999_999, 1_000_000, 'en-GB', '–')).toBe('99.99%');
    expect(formatPercent(1, 1_000_000, 'en-GB', '–')).toBe('0.01%');
    expect(formatPercent(4, 10000, 'en-GB', '–')).toBe('0.04%');
    expect(formatPercent(10, 10, 'en-GB', '–')).toBe('100.0%');
    expect(formatPercent(0, 10, 'en-GB', '–')).toBe('0.0%');
  });

  it('agrees with exact rational rounding for every share of up to 400 addresses', () => {
    const wrong: string[] = [];
    for (let whole = 1; whole <= 400; whole++) {
      for (let part = 0; part <= whole; part++) {
        const shown = shownPercent(part, whole)!;
        // In integers: |shown·10^d·whole − part·100·10^d| <= whole/2, i.e. within half a unit of the last digit.
        const scale = 10 ** shown.digits;
        const error = Math.abs(Math.round(shown.value * scale) * whole - part * 100 * scale);
        const clamped = shown.value === 99.99 || shown.value === 0.01;
        if ((!clamped && error > whole / 2) || (part < whole && shown.value >= 100) || (part > 0 && shown.value <= 0)) {
          wrong.push(`${part}/${whole} shown ${shown.value}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("is no data (null, the caller's word) when there are no addresses", () => {
    expect(shownPercent(0, 0)).toBeNull();
    expect(percentOf(0, 0)).toBeNull();
    expect(formatPercent(0, 0, 'nl-NL', 'geen gegevens')).toBe('geen gegevens');
  });

  it('writes legend bounds with only the decimals they have', () => {
    expect(formatBound(99.5, 'nl-NL')).toBe('99,5%');
    expect(formatBound(100, 'nl-NL')).toBe('100%');
  });
});
