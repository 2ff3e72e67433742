// Which file a reader reads next. A lone reader takes the files in order. Readers in two threads
// (row-source.ts, 'split') each start on a file of their own and then take the next file nobody has
// claimed, through a counter in shared memory, so that they finish together however their speeds
// differ on a shared machine, where a fixed share of the bytes left one waiting for the other.

/** Plain data (it crosses to a worker as workerData; the counter stays shared). */
export interface FileClaimsData {
  /** The file this reader reads first, or -1 to start with the shared order. */
  first: number;
  /** The files left to claim, in the order they are claimed. */
  order: number[];
  /** Int32 slot 0: how many of `order` are claimed. */
  counter: SharedArrayBuffer;
}

/** One reader's claims: every file of `count`, in order. */
export function claimsInOrder(count: number): FileClaimsData {
  return { first: -1, order: Array.from({ length: count }, (_, i) => i), counter: new SharedArrayBuffer(4) };
}

/**
 * Claims for readers that share the files: reader r starts with `firsts[r]`, and all claim the
 * others in `order` (one counter for all).
 */
export function sharedClaims(firsts: readonly number[], order: readonly number[]): FileClaimsData[] {
  const counter = new SharedArrayBuffer(4);
  return firsts.map((first) => ({ first, order: [...order], counter }));
}

export class FileClaims {
  private first: number;
  private readonly claimed: Int32Array;

  constructor(private readonly data: FileClaimsData) {
    this.first = data.first;
    this.claimed = new Int32Array(data.counter);
  }

  /** The index of the next file to read, or -1 when every file is claimed. */
  next(): number {
    if (this.first >= 0) {
      const first = this.first;
      this.first = -1;
      return first;
    }
    const k = Atomics.add(this.claimed, 0, 1);
    return k < this.data.order.length ? this.data.order[k] : -1;
  }
}
