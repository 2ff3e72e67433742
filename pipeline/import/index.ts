// importRelease: connection CSV files -> one release in SQLite, in a single transaction.
// read + check + pre-locate (batch-reader.ts, in a worker thread for big inputs: row-source.ts)
// -> assemble (assemble.ts) -> store (store.ts) -> aggregate (aggregate.ts); FCC BDC rows are staged by
// location first (location-stage.ts) and assembled at the end, in a worker for big inputs
// (staged-assembly.ts). The clusters are computed in a worker thread (clusters/index.ts, startClusters)
// while the indexes are rebuilt and the aggregates written.
// A failure or a kill leaves the database as it was: everything is written inside one IMMEDIATE
// transaction (WAL keeps readers going).
import type Database from 'better-sqlite3';
import { goalClasses, readDefinitions } from '../../common/definitions.ts';
import { finestHexResolution } from '../../common/constants.ts';
import { startClusters } from '../clusters/index.ts';
import { refreshChanges } from '../changes/index.ts';
import type { ImportSummary } from '../../common/types.ts';
import { checkAcceptance } from './acceptance.ts';
import { Aggregator } from './aggregate.ts';
import { AddressAssembler, AssembledLists, type StagedReject } from './assemble.ts';
import { type AssemblyCounts, type AssemblyMessage, startAssembly } from './staged-assembly.ts';
import type { StagedPartition } from './location-stage.ts';
import type { RowProblem } from './parse-row.ts';
import { rawLines } from './raw-lines.ts';
import { BDC_FORMAT } from './bdc.ts';
import type { Encoding } from './csv.ts';
import { AreaLocator } from './locate.ts';
import { Rejects } from './rejects.ts';
import { SourceRows } from './source-rows.ts';
import { readRows } from './row-source.ts';
import { isBdcFile } from './batch-reader.ts';
import {
  checkAsOf,
  checkLabel,
  ImportError,
  inImportTransaction,
  type LoadProgress,
  progressReporter,
  releaseSummary,
  startLoad,
} from './session.ts';
import { ImportStore } from './store.ts';
import { importOverRegister } from './join.ts';
import { COVERAGE_COLUMNS } from './coverage-columns.ts';
import { KNOWN_COLUMNS, parseColumnMapping } from './columns.ts';

export { ImportError } from './session.ts';
export { DEFAULT_MAX_REJECT_SHARE } from './acceptance.ts';

export type ImportProgress = LoadProgress;

export interface ImportOptions {
  release: string;
  asOf?: string | null;
  files: string[];
  rejectsPath?: string | null;
  synthetic?: boolean;
  /** Text encoding of the files (default UTF-8). */
  encoding?: Encoding;
  /** --columns: 'name=header,…' reads a header of another shape. */
  columns?: string | null;
  /** Join coverage lists to this register (atlas import --register) instead of reading connection CSVs. */
  register?: string | null;
  /** With `register`: where to list unmatched and ambiguous rows. */
  matchReportPath?: string | null;
  /** Commit even when more than `maxRejectShare` of the rows are rejected (never when none is accepted). */
  allowRejects?: boolean;
  /** Largest share (0..1) of rejected rows an import may have without `allowRejects`; default 0.2. */
  maxRejectShare?: number;
  /** FCC BDC files: leave out the rows of business-only locations, as the FCC's residential figures do. */
  residentialOnly?: boolean;
  /** Read and check rows in a worker thread; by default only for inputs where it pays off. */
  readInWorker?: boolean;
  /** With `register`: count the aggregates in a worker thread (by default only for registers where it pays off). */
  aggregateInWorker?: boolean;
  /** With `register`: register rows written per INSERT … SELECT (a few, to test the chunks' seams). */
  joinChunkRows?: number;
  /** With `register`: distinct offer lists in chunks posted to the aggregates ahead of the writes, at most (a few, to test the bound). */
  joinListsAhead?: number;
  /** Leave the commit's WAL checkpoint to the caller (inImportTransaction): `atlas import` runs it on another thread while it pre-renders. */
  deferCheckpoint?: boolean;
  /** FCC BDC files: assemble the staged locations in a worker while this thread writes them (default: when a worker reads). */
  assembleInWorker?: boolean;
  /**
   * FCC BDC files: read them in this thread and a worker at once (default: when a worker reads).
   * Only when every file is a BDC file: connection files are always read in order.
   */
  splitReading?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

const PROGRESS_EVERY_ROWS = 1 << 15;
/** A rough input size per address (about 2.4 rows of 105 bytes), to guess how many a load brings. */
const BYTES_PER_ADDRESS_GUESS = 250;
/**
 * Address indexes are dropped and rebuilt after the load only when the table holds less than this
 * share of what the load brings: a rebuild sorts every release's rows again, while inserting into
 * live indexes touches only the new release's end of them (demo build, releases 2-4: 13-16 s -> 8-10 s each).
 */
const REBUILD_BELOW_SHARE = 0.25;
/**
 * Addresses from which the clusters are computed in a worker whatever their uncovered count, when the
 * indexes are rebuilt: the rebuild of a million addresses takes seconds, so the worker's start is hidden.
 * The NL import bench (4.1 M addresses, 41 k uncovered): the wait for the clusters after the aggregates
 * 2.1 s -> 0.2 s; peak RSS 936-942 -> 949-952 MiB.
 */
const CLUSTERS_BESIDE_REBUILD_MIN_ADDRESSES = 1_000_000;
/** Input size from which a reading worker pays for its start (0.2-0.5 s: a thread and its modules, worker-bundle.ts). */
const WORKER_MIN_BYTES = 16 << 20;

function checkOptions(options: ImportOptions): void {
  checkLabel(options.release, 'release');
  checkAsOf(options.asOf);
  if (options.files.length === 0) throw new ImportError('Give at least one connection CSV file to import.');
  const share = options.maxRejectShare;
  if (share !== undefined && !(share >= 0 && share <= 1))
    throw new ImportError(`The largest share of rejected rows must be between 0 and 1 (got ${share}).`);
}

/** Imports the files as release `options.release`, replacing a release of that label. */
export function importRelease(db: Database.Database, options: ImportOptions): ImportSummary {
  let mapping: Map<string, string>;
  try {
    mapping = parseColumnMapping(options.columns, options.register ? COVERAGE_COLUMNS : KNOWN_COLUMNS);
  } catch (err) {
    throw new ImportError((err as Error).message);
  }
  if (options.register) return importOverRegister(db, { ...options, register: options.register, columnMapping: mapping });
  if (options.matchReportPath) throw new ImportError('--match-report goes with --register: only a join to a register has unmatched rows.');
  checkOptions(options);
  const start = startLoad(db, options.files);
  const progress = progressReporter(start, PROGRESS_EVERY_ROWS, options.onProgress);
  const { areas, bytesTotal, names } = start;
  const locator = new AreaLocator(areas);
  const store = new ImportStore(db, areas);
  const definitions = readDefinitions(db);
  const aggregator = new Aggregator(areas, start.level, definitions);
  const rejects = new Rejects(options.rejectsPath ?? null);
  const unknownColumns = new Set<string>();
  let rowsRead = 0;
  const linesByFile = options.files.map(() => 0);
  const linesRead = () => linesByFile.reduce((sum, n) => sum + n, 0);
  const inWorker = options.readInWorker ?? bytesTotal >= WORKER_MIN_BYTES;
  // FCC BDC rows are set aside until all are read (by each reader, in a stage of its own), so two
  // readers may share the files in any order.
  const bdcFiles = options.files.filter((f) => isBdcFile(f, options.encoding)).length;
  const split = (options.splitReading ?? inWorker) && bdcFiles === options.files.length;
  const source = readRows(
    options.files,
    start.sizes,
    locator,
    split ? 'split' : inWorker ? 'worker' : 'inline',
    options.encoding,
    mapping,
    options.residentialOnly ?? false,
    bdcFiles > 0 ? bytesTotal : null,
  );
  let skipped = 0;
  const unknownAreaCodes = new Map<string, number>();
  const formats = new Map<string, string>();
  /** Each reader's staged FCC BDC rows, from its last batch, with its provider numbering (the batches' source). */
  const staged: { source: number; files: StagedPartition[] }[] = [];
  const sources = new SourceRows();
  let clusters: ReturnType<typeof startClusters> | null = null;
  let assembly: ReturnType<typeof startAssembly> | null = null;
  let totals = { addresses: 0, covered: 0 };

  const load = () => {
    const releaseId = store.openRelease(options.release, options.asOf ?? null, options.synthetic ?? false, names);
    const bulk = store.otherAddresses() < REBUILD_BELOW_SHARE * (bytesTotal / BYTES_PER_ADDRESS_GUESS);
    const rebuild = bulk ? store.dropAddressIndexes() : [];
    const firstId = store.nextAddressId();
    const assembler = new AddressAssembler(store, locator, aggregator, firstId, bytesTotal / BYTES_PER_ADDRESS_GUESS);
    for (let batch = source.next(); batch !== null; batch = source.next()) {
      const row = sources.use(batch);
      for (const c of batch.unknownColumns) unknownColumns.add(c);
      const { problems } = batch;
      // Accepted BDC rows are not in the batch: its reader staged them (a location comes back in the file of each of its technologies).
      for (let i = 0, p = 0; i < batch.rows; i++) {
        row.at(i);
        let problem: RowProblem | null = null;
        if (p < problems.length && problems[p].row === i) problem = problems[p++];
        else problem = assembler.add(row);
        if (problem) rejects.add(names[batch.file], row.line, problem.field, problem.reason, row.raw);
      }
      if (batch.stagedFiles) staged.push({ source: batch.source ?? 0, files: batch.stagedFiles });
      rowsRead += batch.rows + batch.skipped + batch.staged;
      skipped += batch.skipped;
      for (const [code, n] of batch.unknownAreaCodes) unknownAreaCodes.set(code, (unknownAreaCodes.get(code) ?? 0) + n);
      formats.set(names[batch.file], batch.format);
      linesByFile[batch.file] = batch.linesRead;
      progress.rows(rowsRead, batch.file, batch.bytesRead);
    }
    const bdc = checkFormats(formats, options);
    // BDC locations are counted per area where they are assembled (a worker for big inputs), per cell here.
    let counted: AssemblyCounts | null = null;
    if (bdc) {
      // Partition p: every reader's file p, its providers numbered as the shared table does.
      const readers = staged.map(({ source, files }) => files.map((file) => ({ ...file, providers: sources.sharedProviders(source) })));
      assembly = startAssembly(
        {
          partitions: readers[0].map((_, p) => readers.map((files) => files[p])),
          areas,
          level: start.level,
          parentLevels: Object.fromEntries(
            [...new Set(areas.map((a) => a.parentCode).filter((c) => c !== null))].map((c) => [c, store.levelOf(c)]),
          ),
          definitions,
          providers: sources.providerNames(),
        },
        options.assembleInWorker ?? inWorker,
        locator,
      );
      counted = assembleStaged(assembly, assembler, new AssembledLists(store, definitions), rejects, options, names);
    }
    checkAcceptance(options, linesRead(), rowsRead - skipped, rejects);
    assembler.finish();
    // Computed on another core (where there are enough) while this thread rebuilds the indexes and writes the aggregates:
    // in a worker from CLUSTER_WORKER_MIN_UNCOVERED uncovered addresses, or when a rebuild gives the worker seconds to hide in.
    clusters = startClusters(
      definitions,
      assembler.points.collected(),
      firstId,
      areas.map((a) => a.code),
      rebuild.length > 0 && assembler.addresses >= CLUSTERS_BESIDE_REBUILD_MIN_ADDRESSES ? true : undefined,
    );
    store.rebuildIndexes(rebuild);
    const here = aggregator.rows((code) => store.levelOf(code), finestHexResolution(bdc ? BDC_LOCATION_PRECISION : null));
    const counts = counted
      ? { ...counted, rows: { ...counted.rows, hex: here.hex } }
      : { rows: here, ...aggregator.totals(...goalClasses(definitions)) };
    store.writeAggregates(counts.rows);
    totals = { addresses: counts.addresses, covered: counts.covered };
    const { addresses, covered } = totals;
    store.closeRelease(
      {
        rowsRead,
        rowsAccepted: rowsRead - skipped - rejects.count,
        rowsRejected: rejects.count,
        addresses,
        covered,
        uncovered: addresses - covered,
      },
      bdc ? BDC_LOCATION_PRECISION : null,
    );
    clusters.write(db, releaseId);
    refreshChanges(db, releaseId);
  };

  inImportTransaction(
    db,
    load,
    () => {
      clusters?.close();
      // The stage's files stay open until the assembly's worker, which reads them, has ended.
      source.close(assembly?.close());
      rejects.close();
    },
    options.deferCheckpoint,
  );
  progress.done(rowsRead);
  const { addresses, covered } = totals;
  const summary = releaseSummary(start, { ...options, rejects, unknownColumns, linesRead: linesRead(), rowsRead, addresses, covered });
  summary.rows_accepted -= skipped;
  if (options.residentialOnly) summary.rows_skipped = skipped;
  if ([...formats.values()].includes(BDC_FORMAT)) {
    summary.input_format = BDC_FORMAT;
    summary.location_precision = BDC_LOCATION_PRECISION;
    summary.unknown_area_codes = Object.fromEntries([...unknownAreaCodes].sort());
  }
  return summary;
}

/**
 * Writes every staged BDC location, assembled once (staged-assembly.ts), and returns their counts; rows that contradict their
 * location's first row are rejected, with their records read again from the files (the stage keeps no raw text).
 */
function assembleStaged(
  assembly: { next(): AssemblyMessage | null },
  assembler: AddressAssembler,
  lists: AssembledLists,
  rejects: Rejects,
  options: ImportOptions,
  names: readonly string[],
): AssemblyCounts {
  const rejected: StagedReject[] = [];
  let counts: AssemblyCounts | null = null;
  while (counts === null) {
    const posted = assembly.next();
    if (posted === null) throw new Error('the assembly ended without its counts');
    if ('counts' in posted) counts = posted.counts;
    else {
      assembler.addAssembled(posted.chunk, lists);
      if (posted.chunk.rejected.length > 0) rejected.push(...posted.chunk.rejected);
    }
  }
  const linesByFile = new Map<number, Set<number>>();
  for (const { file, line } of rejected) linesByFile.set(file, (linesByFile.get(file) ?? new Set()).add(line));
  const raws = new Map([...linesByFile].map(([file, lines]) => [file, rawLines(options.files[file], options.encoding ?? 'utf-8', lines)]));
  for (const { file, line, problem } of rejected)
    rejects.add(names[file], line, problem.field, problem.reason, raws.get(file)?.get(line) ?? '');
  return counts;
}

/** FCC BDC locations are placed at the centre of their H3 resolution-8 cell. */
const BDC_LOCATION_PRECISION = 'h3r8';

/** True for an FCC BDC import; refuses a mix of BDC and connection files, and BDC-only options on connection files. */
function checkFormats(formats: ReadonlyMap<string, string>, options: ImportOptions): boolean {
  const bdc = [...formats].filter(([, f]) => f === BDC_FORMAT).map(([name]) => name);
  const other = [...formats].filter(([, f]) => f !== BDC_FORMAT).map(([name]) => name);
  if (bdc.length > 0 && other.length > 0) {
    throw new ImportError(
      `FCC BDC files (${bdc.join(', ')}) and connection CSV files (${other.join(', ')}) cannot make one release: ` +
        'their positions differ in precision. Import them as two releases.',
    );
  }
  if (options.residentialOnly && bdc.length === 0)
    throw new ImportError('--residential-only goes with FCC BDC files: connection CSV files do not say whether a location is a business.');
  return bdc.length > 0;
}
