// Disjoint sets over 0..n-1 with path halving and union by size: the connected components of
// single-linkage clustering.
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
  }

  /** Component label per element, numbered 0..count-1 in order of first appearance. */
  labels(): { labels: Int32Array; count: number } {
    const n = this.parent.length;
    const labels = new Int32Array(n);
    const byRoot = new Int32Array(n).fill(-1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const root = this.find(i);
      if (byRoot[root] < 0) byRoot[root] = count++;
      labels[i] = byRoot[root];
    }
    return { labels, count };
  }
}
