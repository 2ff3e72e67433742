// Batch rows of one reader or of two that share the files (row-source.ts, 'split'), with the
// providers of both in one table: each reader numbers the providers it meets itself, so the rows a
// reader staged have their provider indexes translated to the shared table's (sharedProviders).
import { BatchRow, type RowBatch } from './row-batch.ts';

export class SourceRows {
  private readonly rows = [new BatchRow(), new BatchRow()];
  private readonly toShared: number[][] = [[], []];
  private readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();

  /** Starts reading a batch; the returned row moves over it (BatchRow.at). */
  use(batch: RowBatch): BatchRow {
    const source = batch.source ?? 0;
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

  /** The shared index of each of a source's own provider indexes. */
  sharedProviders(source: number): number[] {
    return this.toShared[source].slice();
  }

  /** Every provider's name, by shared index. */
  providerNames(): string[] {
    return this.names.slice();
  }
}
