// A least-recently-used cache on Map's insertion order: get moves an entry to the back. Capacity is
// counted in entries, or in any unit a `weigh` function gives (e.g. bytes, key included).
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  private load = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V, key: K) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    const weight = this.weigh(value, key);
    if (weight > this.capacity) return;
    this.delete(key);
    this.entries.set(key, value);
    this.load += weight;
    while (this.load > this.capacity) this.delete(this.entries.keys().next().value as K);
  }

  /** The cached value, or the computed one (then cached). */
  getOrSet(key: K, compute: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.set(key, value);
    return value;
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.load -= this.weigh(value, key);
  }

  clear(): void {
    this.entries.clear();
    this.load = 0;
  }

  /** The summed weight of the entries. */
  get weight(): number {
    return this.load;
  }

  get size(): number {
    return this.entries.size;
  }
}
