// loadRegister: address register files (LJPc, NLExtract or canonical CSV, plain or compressed) ->
// one register in SQLite, in a single transaction. Each address is checked, assigned to its area
// once (assign.ts) and given its H3 cell; a repeated key is kept once and reported. Big inputs are
// read and checked in a worker thread (read-worker.ts) while this thread inserts.
import type Database from 'better-sqlite3';
import type { RegisterSummary } from '../../common/types.ts';
import type { Encoding } from '../import/csv.ts';
import type { ImportProgress } from '../import/index.ts';
import { AreaLocator } from '../import/locate.ts';
import { Rejects } from '../import/rejects.ts';
import { checkAsOf, checkLabel, ImportError, inImportTransaction, progressReporter, startLoad } from '../import/session.ts';
import { parseColumnMapping } from '../import/columns.ts';
import { REGISTER_FIELDS } from './header.ts';
import { WorkerBatches } from '../import/worker-batches.ts';
import {
  BY_NAME_ELSEWHERE,
  BY_NAME_NO_POLYGON,
  BY_POLYGON,
  rawOf,
  REJECTED,
  RegisterBatchReader,
  NUMBERS,
  SNAPPED,
  TEXTS,
  type RegisterBatch,
  type RegisterSource,
} from './batch-reader.ts';
import type { RegisterWorkerData } from './read-worker.ts';
import { RegisterStore, type RegisterCounts } from './store.ts';
import { MatchKeysWriter } from './match-keys.ts';
import { RegisterPointsWriter } from './point-index.ts';

export interface RegisterOptions {
  label: string;
  asOf?: string | null;
  files: string[];
  rejectsPath?: string | null;
  encoding?: Encoding;
  /** --columns: 'name=header,…' renames for a header of another shape. */
  columns?: string | null;
  /** Read and check rows in a worker thread; by default only for inputs where it pays off. */
  readInWorker?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

const PROGRESS_EVERY_ROWS = 1 << 14;
/**
 * Input size from which a reading worker pays for its start (0.2-0.5 s: a thread and its modules, worker-bundle.ts):
 * reading and checking 8 MiB of these rows takes about 1 s.
 */
const WORKER_MIN_BYTES = 8 << 20;
/** A rough size of a register row in the input (NLExtract rows are about 130 bytes), to guess how many a load brings. */
const BYTES_PER_ROW_GUESS = 130;
/**
 * The lookup and grid indexes are dropped and rebuilt after the load when the table holds less than this share
 * of what the load brings (as for addresses, import/index.ts): one sort instead of a random insert per row.
 */
const REBUILD_BELOW_SHARE = 0.25;

/** Names of the leaf areas, in the order of ImportStore.leafAreas. */
function areaNames(db: Database.Database, level: string): string[] {
  return db.prepare('SELECT name FROM areas WHERE level = ? ORDER BY code').pluck().all(level) as string[];
}

export function loadRegister(db: Database.Database, options: RegisterOptions): RegisterSummary {
  checkLabel(options.label, 'register');
  checkAsOf(options.asOf);
  if (options.files.length === 0) throw new ImportError('Give at least one address register file to load.');
  let mapping: Map<string, string>;
  try {
    mapping = parseColumnMapping(options.columns, REGISTER_FIELDS);
  } catch (err) {
    throw new ImportError((err as Error).message);
  }
  const start = startLoad(db, options.files);
  const { started, level, areas, bytesTotal, names } = start;
  const progress = progressReporter(start, PROGRESS_EVERY_ROWS, options.onProgress);
  const locator = new AreaLocator(areas);
  const names0 = areaNames(db, level);
  const store = new RegisterStore(
    db,
    locator.areas.map((a) => a.code),
  );
  const rejects = new Rejects(options.rejectsPath ?? null);
  const counts: RegisterCounts = {
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    addresses: 0,
    duplicates: 0,
    byName: 0,
    byPolygon: 0,
    snapped: 0,
    disagreements: 0,
  };
  let inNoPolygon = 0;
  const formats: string[] = [];
  const unknownColumns = new Set<string>();

  const source: RegisterSource =
    (options.readInWorker ?? bytesTotal >= WORKER_MIN_BYTES)
      ? new WorkerBatches<RegisterBatch>(new URL('./read-worker.ts', import.meta.url), {
          files: [...options.files],
          areas: [...locator.areas],
          areaNames: names0,
          encoding: options.encoding ?? 'utf-8',
          mapping,
        } satisfies RegisterWorkerData)
      : new RegisterBatchReader(options.files, locator, names0, options.encoding ?? 'utf-8', mapping);

  /** The keys of the rows inserted, in order (match-keys.ts). */
  const keys = new MatchKeysWriter();
  /** The positions of the rows inserted, in order (point-index.ts). */
  const points = new RegisterPointsWriter();
  const load = () => {
    const registerId = store.open(options.label, options.asOf ?? null, [], names);
    const bulk = store.otherRows() < REBUILD_BELOW_SHARE * (bytesTotal / BYTES_PER_ROW_GUESS);
    const rebuild = bulk ? store.dropLookupIndexes() : [];
    let duplicate = new Uint8Array(0);
    for (let batch = source.next(); batch !== null; batch = source.next()) {
      const f = batch.file;
      if (batch.opened) {
        formats.push(batch.opened.format);
        for (const c of batch.opened.unknown) unknownColumns.add(c);
      }
      const { how, line, text, problems } = batch;
      // All accepted rows first (in chunks), then every row in file order: its rejects and counts.
      const accepted = text.length / TEXTS;
      if (duplicate.length < accepted) duplicate = new Uint8Array(accepted);
      counts.duplicates += store.addRows(text, batch.numbers, accepted, duplicate);
      for (let i = 0, a = 0, p = 0; i < batch.rows; i++) {
        counts.rowsRead++;
        if (how[i] === REJECTED) {
          rejects.add(names[f], line[i], problems[p].field, problems[p].reason, rawOf(batch, i));
          p++;
          continue;
        }
        const r = a++;
        if (duplicate[r]) {
          rejects.add(
            names[f],
            line[i],
            'address',
            `duplicate address: ${text[r * TEXTS]} is already in the register (the first row is kept)`,
            rawOf(batch, i),
          );
          continue;
        }
        counts.addresses++;
        const t = r * TEXTS;
        keys.add(text[t + 1], batch.numbers[r * NUMBERS], text[t + 2], text[t + 3]);
        points.add(batch.numbers[r * NUMBERS + 1], batch.numbers[r * NUMBERS + 2]);
        if (how[i] === BY_POLYGON) counts.byPolygon++;
        else if (how[i] === SNAPPED) counts.snapped++;
        else {
          counts.byName++;
          if (how[i] === BY_NAME_ELSEWHERE) counts.disagreements++;
          else if (how[i] === BY_NAME_NO_POLYGON) inNoPolygon++;
        }
        progress.rows(counts.rowsRead, f, batch.bytesRead);
      }
    }
    store.rebuildIndexes(rebuild);
    // Rows get the next free id as they are inserted, so the keys' and points' entry i (one a row inserted)
    // is row firstId + i. Were the ids not those, neither is stored and a join reads the rows instead.
    if (store.lastId - store.firstId + 1 === keys.size) {
      keys.save(db, registerId, store.firstId);
      if (points.size > 0) points.save(db, registerId, store.firstId);
    }
    counts.rowsRejected = rejects.count;
    counts.rowsAccepted = counts.rowsRead - rejects.count;
    store.setFormats(formats);
    store.close(counts);
  };

  inImportTransaction(db, load, () => {
    source.close();
    rejects.close();
  });
  progress.done(counts.rowsRead);
  return {
    label: options.label,
    as_of: options.asOf ?? null,
    formats,
    rows_read: counts.rowsRead,
    rows_accepted: counts.rowsAccepted,
    rows_rejected: counts.rowsRejected,
    addresses: counts.addresses,
    duplicates: counts.duplicates,
    areas_by_name: counts.byName,
    areas_by_polygon: counts.byPolygon,
    snapped: counts.snapped,
    disagreements: counts.disagreements,
    named_in_no_polygon: inNoPolygon,
    files: names,
    unknown_columns: [...unknownColumns],
    rejects_file: rejects.count > 0 ? (options.rejectsPath ?? null) : null,
    rejects_by_reason: Object.fromEntries(rejects.byReason),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
