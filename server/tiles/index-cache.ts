// The in-memory indexes the tile layers build from the database (uncovered points per release, H3
// cells per release and resolution, cluster shapes per release and threshold), in one cache weighed
// in bytes: its budget decides how many releases and thresholds stay indexed, so users on different
// releases or thresholds no longer evict each other's indexes while memory stays bounded.
import { Lru } from '../lru.ts';

export interface Sized<T> {
  value: T;
  /** Bytes the value holds (typed arrays exactly, JS objects by a measured estimate). */
  bytes: number;
}

export function createIndexCache(budgetMb: number) {
  const lru = new Lru<string, Sized<unknown>>(budgetMb * 1024 * 1024, (e) => e.bytes);
  return {
    /** The index under `key`, built (and kept if it fits the budget) on first use. */
    get<T>(key: string, build: () => Sized<T>): T {
      return (lru.getOrSet(key, build) as Sized<T>).value;
    },
    /** The index under `key` if it is kept, without building it. */
    peek<T>(key: string): T | undefined {
      return lru.get(key)?.value as T | undefined;
    },
    /** Gives a kept entry a new weight (an index that grew); may evict others. */
    resize(key: string, bytes: number): void {
      const entry = lru.get(key);
      if (entry) lru.set(key, { value: entry.value, bytes });
    },
    delete(key: string): void {
      lru.delete(key);
    },
    clear(): void {
      lru.clear();
    },
    stats(): { entries: number; bytes: number } {
      return { entries: lru.size, bytes: lru.weight };
    },
  };
}
export type IndexCache = ReturnType<typeof createIndexCache>;

/** Bytes of the typed arrays among an object's own values. */
export function typedBytes(...arrays: ({ byteLength: number } | null | undefined)[]): number {
  return arrays.reduce((sum, a) => sum + (a?.byteLength ?? 0), 0);
}
