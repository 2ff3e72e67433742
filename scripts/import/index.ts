// importRelease: connection CSV files -> one release in SQLite, in a single transaction.
// read (csv.ts) -> check (parse-row.ts) -> locate + assemble (locate.ts, assemble.ts)
// -> store (store.ts, batched inserts) -> aggregate (aggregate.ts). A failure or a kill leaves the
// database as it was: everything happens inside one IMMEDIATE transaction (WAL keeps readers going).
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { AREA_LEVELS, DEFAULT_DOWN, downClassFor } from '../../common/constants.ts';
import { buildClusters } from '../clusters/index.ts';
import type { ImportSummary } from '../../common/types.ts';
import { Aggregator } from './aggregate.ts';
import { AddressAssembler } from './assemble.ts';
import { HeaderError, mapColumns } from './columns.ts';
import { CsvReader } from './csv.ts';
import { AreaLocator } from './locate.ts';
import { RowParser } from './parse-row.ts';
import { Rejects } from './rejects.ts';
import { ImportStore } from './store.ts';

export interface ImportProgress {
  file: string;
  rowsRead: number;
  bytesRead: number;
  bytesTotal: number;
  done: boolean;
}

export interface ImportOptions {
  release: string;
  asOf?: string | null;
  files: string[];
  rejectsPath?: string | null;
  synthetic?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/** An import that cannot run (bad options, unreadable file, unusable header); nothing was changed. */
export class ImportError extends Error {}

const PROGRESS_EVERY_ROWS = 1 << 15;
/** A rough bytes-per-row figure, only to guess whether a bulk load outweighs existing rows. */
const BYTES_PER_ROW_GUESS = 80;
/** Page cache for the import (KiB, as negative cache_size): fewer spills of the big transaction. */
const IMPORT_CACHE_KIB = 256 * 1024;

function checkOptions(options: ImportOptions): void {
  if (!/^\S(.*\S)?$/.test(options.release)) throw new ImportError('The release label must be non-empty text without leading or trailing spaces.');
  const asOf = options.asOf;
  if (asOf != null && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) {
    throw new ImportError(`--as-of must be a date as YYYY-MM-DD (got '${asOf}').`);
  }
  if (options.files.length === 0) throw new ImportError('Give at least one connection CSV file to import.');
}

function openReader(file: string): CsvReader {
  try {
    return new CsvReader(file);
  } catch (err) {
    throw new ImportError(`${file}: cannot read the file (${(err as Error).message}).`);
  }
}

/** Imports the files as release `options.release`, replacing a release of that label. */
export function importRelease(db: Database.Database, options: ImportOptions): ImportSummary {
  checkOptions(options);
  const started = performance.now();
  const leafLevel = AREA_LEVELS[0];
  const areas = ImportStore.leafAreas(db, leafLevel);
  if (areas.length === 0) {
    throw new ImportError(`No ${leafLevel} boundaries in the database. Load them first: atlas boundaries --db PATH --level ${leafLevel} FILE.geojson`);
  }
  const readers = options.files.map(openReader);
  const bytesTotal = readers.reduce((sum, r) => sum + r.bytesTotal, 0);
  const locator = new AreaLocator(areas);
  const store = new ImportStore(db, areas);
  const aggregator = new Aggregator(areas);
  const rejects = new Rejects(options.rejectsPath ?? null);
  const unknownColumns = new Set<string>();
  let rowsRead = 0;
  let bytesBefore = 0;
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  const previousSync = db.pragma('synchronous', { simple: true }) as number;
  // WAL with synchronous=NORMAL never corrupts on a crash; it only skips fsyncs on commit.
  db.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`);
  db.pragma('synchronous = NORMAL');

  const load = () => {
    const releaseId = store.openRelease(options.release, options.asOf ?? null, options.synthetic ?? false, options.files.map((f) => basename(f)));
    const rebuild = store.otherAddresses() < bytesTotal / BYTES_PER_ROW_GUESS ? store.dropAddressIndexes() : [];
    const assembler = new AddressAssembler(store, locator, aggregator, store.nextAddressId());
    for (const reader of readers) {
      const file = basename(reader.path);
      const header = reader.header();
      if (header === null) throw new ImportError(`${reader.path}: the file is empty; it needs at least a header line.`);
      const columns = mapColumns(reader.path, header);
      columns.unknown.forEach((c) => unknownColumns.add(c));
      const parser = new RowParser(columns, locator.bbox);
      for (let fields = reader.next(); fields !== null; fields = reader.next()) {
        rowsRead++;
        const row = reader.problem ? { field: '', reason: reader.problem } : parser.parse(fields);
        const problem = 'reason' in row ? row : assembler.add(row);
        if (problem) rejects.add(file, reader.line, problem.field, problem.reason, reader.raw());
        if ((rowsRead & (PROGRESS_EVERY_ROWS - 1)) === 0) {
          options.onProgress?.({ file, rowsRead, bytesRead: bytesBefore + reader.bytesRead, bytesTotal, done: false });
        }
      }
      bytesBefore += reader.bytesTotal;
    }
    assembler.finish();
    store.rebuildIndexes(rebuild);
    store.writeAggregates(aggregator.rows((code) => store.levelOf(code)));
    const { addresses, covered } = aggregator.totals(downClassFor(DEFAULT_DOWN));
    store.closeRelease({ rowsRead, rowsAccepted: rowsRead - rejects.count, rowsRejected: rejects.count, addresses, covered, uncovered: addresses - covered });
    buildClusters(db, releaseId, { points: assembler.points.build() });
  };

  try {
    db.transaction(load).immediate();
  } catch (err) {
    if (err instanceof HeaderError) throw new ImportError(err.message);
    throw err;
  } finally {
    readers.forEach((r) => r.close());
    rejects.close();
    db.pragma(`cache_size = ${previousCache}`);
    db.pragma(`synchronous = ${previousSync}`);
  }
  options.onProgress?.({ file: '', rowsRead, bytesRead: bytesTotal, bytesTotal, done: true });
  const { addresses, covered } = aggregator.totals(downClassFor(DEFAULT_DOWN));
  return {
    release: options.release,
    as_of: options.asOf ?? null,
    rows_read: rowsRead,
    rows_accepted: rowsRead - rejects.count,
    rows_rejected: rejects.count,
    addresses,
    covered,
    uncovered: addresses - covered,
    synthetic: options.synthetic ?? false,
    files: options.files.map((f) => basename(f)),
    unknown_columns: [...unknownColumns],
    rejects_file: rejects.count > 0 ? options.rejectsPath ?? null : null,
    rejects_by_reason: Object.fromEntries(rejects.byReason),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
