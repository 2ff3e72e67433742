// Batch rows of one reader or of two that share the files (row-source.ts, 'split'), with the
// providers of both in one table: each reader numbers the providers it meets itself, so a row's
// provider index is translated to the shared table's.
import { BatchRow, type RowBatch } from './row-batch.ts';

export class SourceRows {
  private readonly rows = [new BatchRow(), new BatchRow()];
  private readonly toShared: number[][] = [[], []];
  private readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();
  private source = 0;

  /** Starts reading a batch; the returned row moves over it (BatchRow.at). */
  use(batch: RowBatch): BatchRow {
    const source = batch.source ?? 0;
    this.source = source;
    const row = this.rows[source];
    row.use(batch);
    for (const name of batch.newProviders) {
      let id = this.idOf.get(name);
      if (id === undefined) {
        id = this.names.push(name) - 1;
        this.idOf.set(name, id);
      }
      this.toShared[source].push(id);
    }
    return row;
  }

  /** A provider index of the current batch (-1: none) in the shared table. */
  sharedProvider(index: number): number {
    return index < 0 ? -1 : this.toShared[this.source][index];
  }

  /** Every provider's name, by shared index. */
  providerNames(): string[] {
    return this.names.slice();
  }

  /** The name of a shared provider index; null for -1. */
  providerName(shared: number): string | null {
    return shared < 0 ? null : this.names[shared];
  }
}
