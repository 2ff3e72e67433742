// NumberIndex against a Map: the same numbers for the same keys, through growth, for keys up to 2^53.
import { describe, expect, it } from 'vitest';
import { NumberIndex } from '../../common/number-index.ts';
import { seededRandom } from '../helpers/random.ts';

describe('NumberIndex', () => {
  it('numbers keys in the order first seen, as a Map would, through growth', () => {
    const next = seededRandom(40);
    // Big keys (H3 cell keys are 52-bit), small ones, 0 and the largest safe integer; many repeats.
    const pool = Array.from({ length: 30_000 }, (_, i) =>
      i % 3 === 0 ? Math.floor(next() * 2 ** 53) : i % 3 === 1 ? Math.floor(next() * 1000) : 0x8000000000000 + i * 16,
    );
    pool.push(0, Number.MAX_SAFE_INTEGER);
    const index = new NumberIndex(4);
    const oracle = new Map<number, number>();
    for (let i = 0; i < 200_000; i++) {
      const key = i < pool.length ? pool[i] : pool[Math.floor(next() * pool.length)];
      if (!oracle.has(key)) oracle.set(key, oracle.size);
      expect(index.numberOf(key)).toBe(oracle.get(key));
    }
    expect(index.size).toBe(oracle.size);
    for (const [key, n] of oracle) expect(index.numberOf(key)).toBe(n);
    expect(index.size).toBe(oracle.size);
  });
});
