// importOverRegister: coverage lists (operators' lists of the addresses they serve, without
// coordinates) joined to an address register as one release, in a single transaction. Every
// register address becomes an address of the release; one without a matched offer is uncovered
// (best technology NONE). Location, area and H3 cell come from the register, located once there.
// Rows that fit no register address (unmatched) or several (ambiguous) are counted and listed in
// the match report, never added. matched + unmatched + ambiguous + rejected = read. Big lists are
// read and checked in a worker thread (list-worker.ts) while this thread matches; the release's rows
// are written in SQL chunk by chunk, and a big register's aggregates and clusters computed in another
// worker (join-aggregates.ts) meanwhile, its chunks posted ahead of the writes.
import type Database from 'better-sqlite3';
import { collectGarbage } from '../../common/collect-garbage.ts';
import { readDefinitions } from '../../common/definitions.ts';
import { registerRowRange } from '../../common/shared-register.ts';
import type { ImportSummary, Offer } from '../../common/types.ts';
import { type AcceptanceOptions, checkAcceptance, checkEachList, type ListCounts } from './acceptance.ts';
import { buildClusters, writeClusters } from '../clusters/index.ts';
import { refreshChanges } from '../changes/index.ts';
import { bestOffer, type BestOffer } from './address.ts';
import { aggregateHere, aggregateInWorker, type JoinAggregates, type JoinAggregatesSetup, type JoinChunk } from './join-aggregates.ts';
import type { Encoding } from './csv.ts';
import { ListBatchReader, listRawOf, NO_OFFER, NO_PART, type ListBatch, type ListSource } from './list-reader.ts';
import type { ListWorkerData } from './list-worker.ts';
import { ANY, findRegister, RegisterMatcher } from './register-match.ts';
import { CsvLog, Rejects } from './rejects.ts';
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
import { MatchedOffers } from './matched-offers.ts';
import { ImportStore } from './store.ts';
import { WorkerBatches } from './worker-batches.ts';

export interface JoinOptions extends AcceptanceOptions {
  release: string;
  register: string;
  asOf?: string | null;
  files: string[];
  matchReportPath?: string | null;
  synthetic?: boolean;
  encoding?: Encoding;
  /** Renames a header of another shape: NAME=HEADER,… (columns.ts). */
  columnMapping?: ReadonlyMap<string, string>;
  /** Read and check the lists in a worker thread; by default only for inputs where it pays off. */
  readInWorker?: boolean;
  /** Count the aggregates in a worker thread; by default only for registers where it pays off. */
  aggregateInWorker?: boolean;
  /** Register rows written per INSERT … SELECT (default CHUNK_ROWS). */
  joinChunkRows?: number;
  /** Distinct lists in chunks posted ahead of the writes, at most (default MAX_LISTS_AHEAD; a few, to test the bound). */
  joinListsAhead?: number;
  /** Leave the commit's WAL checkpoint to the caller (inImportTransaction). */
  deferCheckpoint?: boolean;
  onProgress?: (progress: LoadProgress) => void;
}

const PROGRESS_EVERY_ROWS = 1 << 14;
/**
 * Input size from which a reading worker pays for its start (0.2-0.5 s: a thread and its modules, worker-bundle.ts):
 * reading and checking 8 MiB of these rows takes about 1 s.
 */
const WORKER_MIN_BYTES = 8 << 20;
/**
 * Batches of list rows the reading worker may run ahead (2,048 rows, ~60 KiB each: ~60 MiB at most).
 * The register's matcher takes this thread 2-4 s to build at national scale; with the default few
 * (131 k rows) the worker stood still for most of that time.
 */
const LIST_BATCHES_AHEAD = 1024;
/** Register rows written per INSERT … SELECT: each chunk's distinct offer lists are held at once, so memory stays bounded for any lists. */
const CHUNK_ROWS = 1 << 20;
/**
 * Distinct offer lists in chunks posted to the aggregates and not yet written, at most (beyond the chunk being
 * written): real lists repeat, so every chunk of a national join goes ahead (a few thousand lists each), while
 * lists that never repeat are copied to the worker a few chunks at a time.
 */
const MAX_LISTS_AHEAD = 1 << 20;
/** Register addresses from which counting the aggregates on another core pays for the worker's start (~0.5 s of CPU). */
const AGGREGATE_WORKER_MIN_ADDRESSES = 200_000;

export function importOverRegister(db: Database.Database, options: JoinOptions): ImportSummary {
  checkLabel(options.release, 'release');
  checkAsOf(options.asOf);
  if (options.files.length === 0) throw new ImportError('Give at least one coverage list to import.');
  // A caller's own transaction may hold the register uncommitted, where another connection cannot see it.
  const withinOuterTransaction = db.inTransaction;
  const register = findRegister(db, options.register);
  if (typeof register === 'string') throw new ImportError(register);
  const start = startLoad(db, options.files);
  const progress = progressReporter(start, PROGRESS_EVERY_ROWS, options.onProgress);
  const { areas, bytesTotal, names } = start;
  const store = new ImportStore(db, areas);
  const definitions = readDefinitions(db);
  const rejects = new Rejects(options.rejectsPath ?? null);
  const reportLog = new CsvLog(options.matchReportPath ?? null, ['source_file', 'line', 'reason', 'row']);
  const mapping = options.columnMapping ?? new Map<string, string>();
  const unknownColumns = new Set<string>();
  /** Matched offers per register address row. */
  let offers: MatchedOffers | null = new MatchedOffers();
  const counts = { lines: 0, read: 0, matched: 0, unmatched: 0, ambiguous: 0, withOffer: 0 };
  /** What each list brought: a list that brings nothing refuses the import (acceptance.ts). */
  const perList: ListCounts[] = names.map((file) => ({ file, read: 0, rejected: 0, matched: 0, unmatched: 0, ambiguous: 0 }));

  const source: ListSource =
    (options.readInWorker ?? bytesTotal >= WORKER_MIN_BYTES)
      ? new WorkerBatches<ListBatch>(
          new URL('./list-worker.ts', import.meta.url),
          {
            files: [...options.files],
            encoding: options.encoding ?? 'utf-8',
            mapping: new Map(mapping),
            allRaw: reportLog.path !== null,
          } satisfies ListWorkerData,
          { ahead: LIST_BATCHES_AHEAD },
        )
      : new ListBatchReader(options.files, options.encoding ?? 'utf-8', mapping, reportLog.path !== null);

  let sourceOpen = true;
  const closeSource = () => {
    if (sourceOpen) source.close();
    sourceOpen = false;
  };
  // Built while the worker (started above) reads the first batches. Let go of once the lists are read, as
  // the offers are once the addresses are written: at national scale they are ~340 and ~130 MiB that the
  // rest of the join does not need.
  let matcher: RegisterMatcher | null;
  try {
    matcher = new RegisterMatcher(db, register.id);
  } catch (err) {
    closeSource();
    throw err;
  }

  const readLists = () => {
    const match = matcher!;
    const matched = offers!;
    const linesByFile = options.files.map(() => 0);
    let byId = false;
    /** The texts the reader numbered (postcodes, letters, suffixes), and what each is in the register. */
    let texts: string[] = [];
    let postcodeIds: number[] = [];
    let partIds: number[] = [];
    const report = (f: number, batch: ListBatch, i: number, fits: number, described: string) => {
      if (fits === 0) counts.unmatched++;
      else counts.ambiguous++;
      reportLog.write([
        names[f],
        batch.line[i],
        fits === 0
          ? `unmatched: ${described} is not in register ${register.label}`
          : `ambiguous: ${described} fits ${fits} addresses of register ${register.label}`,
        listRawOf(batch, i),
      ]);
    };
    for (let batch = source.next(); batch !== null; batch = source.next()) {
      const f = batch.file;
      if (batch.opened) {
        for (const c of batch.opened.unknown) unknownColumns.add(c);
        byId = batch.opened.byId;
      }
      linesByFile[f] = batch.linesRead;
      matched.defineOffers(batch.newOffers);
      if (batch.textsRestart) [texts, postcodeIds, partIds] = [[], [], []];
      for (const t of batch.newTexts) {
        texts.push(t);
        postcodeIds.push(match.postcodeId(t));
        partIds.push(match.partId(t));
      }
      const { rejected, problems, postcode, houseNumber, letter, suffix } = batch;
      const list = perList[f];
      const before = { ...counts, rejected: rejects.count };
      for (let i = 0, a = 0, p = 0; i < batch.rows; i++) {
        counts.read++;
        if (rejected[i]) {
          rejects.add(names[f], batch.line[i], problems[p].field, problems[p].reason, listRawOf(batch, i));
          p++;
          progress.rows(counts.read, f, batch.bytesRead);
          continue;
        }
        const offer = batch.offer[a];
        if (byId) {
          const fits = match.withId(batch.ids[a]);
          if (fits.length === 1) {
            counts.matched++;
            if (offer !== NO_OFFER) matched.addNumber(fits[0], offer);
          } else report(f, batch, i, fits.length, `address_id ${batch.ids[a]}`);
        } else {
          const l = letter[a];
          const s = suffix[a];
          const fits = match.fits(
            postcodeIds[postcode[a]],
            houseNumber[a],
            l === NO_PART ? ANY : partIds[l],
            s === NO_PART ? ANY : partIds[s],
          );
          if (fits === 1) {
            counts.matched++;
            if (offer !== NO_OFFER) matched.addNumber(match.fit, offer);
          } else {
            const withSuffix = s === NO_PART || texts[s] === '' ? '' : `-${texts[s]}`;
            report(f, batch, i, fits, `${texts[postcode[a]]} ${houseNumber[a]}${l === NO_PART ? '' : texts[l]}${withSuffix}`);
          }
        }
        a++;
        progress.rows(counts.read, f, batch.bytesRead);
      }
      list.read += counts.read - before.read;
      list.matched += counts.matched - before.matched;
      list.unmatched += counts.unmatched - before.unmatched;
      list.ambiguous += counts.ambiguous - before.ambiguous;
      list.rejected += rejects.count - before.rejected;
    }
    counts.lines = linesByFile.reduce((sum, n) => sum + n, 0);
  };

  /**
   * Every register address becomes an address of the release, with its matched offers: written chunk
   * by chunk in SQL (store.addSharedAddresses). The chunks go to `aggregates` ahead of the writes (up to
   * MAX_LISTS_AHEAD distinct lists in chunks not yet written), so that a worker counts them and goes on to
   * the clusters while the rows are written, instead of after.
   */
  const writeAddresses = (aggregates: JoinAggregates, offset: number, firstRow: number, lastRow: number) => {
    const matched = offers!;
    // Frozen, and shared by addresses with the same offers: their best offer is worked out once.
    const bestOf = new WeakMap<readonly Offer[], BestOffer>();
    const size = options.joinChunkRows ?? CHUNK_ROWS;
    const chunks = lastRow > 0 ? Math.ceil((lastRow - firstRow + 1) / size) : 0;
    const maxAhead = options.joinListsAhead ?? MAX_LISTS_AHEAD;
    const ahead: JoinChunk[] = [];
    let posted = 0;
    let listsAhead = 0;
    const postNext = () => {
      const from = firstRow + posted * size;
      const to = Math.min(lastRow, from + size - 1);
      const { listOf, lists } = matched.listsOver(from, to);
      for (let i = 0; i < listOf.length; i++) if (lists[listOf[i]].length > 0) counts.withOffer++;
      // The aggregates get a copy, handed over: this thread writes from its own.
      aggregates.add({ from, to, listOf: listOf.slice(), lists });
      ahead.push({ from, to, listOf, lists });
      listsAhead += lists.length;
      if (++posted === chunks) aggregates.end();
    };
    for (let done = 0; done < chunks; done++) {
      while (posted < chunks && (posted === done || listsAhead < maxAhead)) postNext();
      const { from, to, listOf, lists } = ahead.shift()!;
      listsAhead -= lists.length;
      const withBest = lists.map((list) => {
        let best = bestOf.get(list);
        if (best === undefined) bestOf.set(list, (best = bestOffer(list, definitions)));
        return { offers: list, best };
      });
      rowsWritten += store.addSharedAddresses(register.id, from, to, offset, listOf, withBest);
      aggregates.poll();
    }
  };

  let releaseId = 0;
  let aggregates: JoinAggregates | null = null;
  /** Rows written, which the aggregates must have counted. */
  let rowsWritten = 0;
  let totals = { addresses: 0, covered: 0 };
  const load = () => {
    releaseId = store.openRelease(options.release, options.asOf ?? null, options.synthetic ?? false, names, register.id);
    readLists();
    checkAcceptance(options, counts.lines, counts.read, rejects);
    checkEachList(options, register.label, perList);
    closeSource();
    matcher = null;
    offers!.finish();
    // The matcher and the unsorted offers (~500 MiB at national scale) are garbage now; reading allocated too
    // little for V8 to have collected, and writing the rows would otherwise grow the process on top of them.
    collectGarbage();
    const registerSize = db.prepare('SELECT addresses FROM registers WHERE id = ?').pluck().get(register.id) as number;
    const rebuild = store.otherAddresses() < registerSize / 4 ? store.dropAddressIndexes(true) : [];
    const [firstRow, lastRow] = registerRowRange(db, register.id);
    // The release's rows share the register's addresses (common/schema.ts, migration 17): the row of register
    // row r has the id r + offset, above every row already written.
    const offset = store.nextAddressId() - firstRow;
    store.setRegisterOffset(offset);
    const setup: JoinAggregatesSetup = {
      registerId: register.id,
      registerLabel: register.label,
      areas: areas.map((a) => ({ code: a.code, parentCode: a.parentCode })),
      level: start.level,
      parentLevels: Object.fromEntries(
        [...new Set(areas.map((a) => a.parentCode).filter((c) => c !== null))].map((c) => [c, store.levelOf(c)]),
      ),
      definitions,
      firstAddressId: firstRow + offset,
      addresses: registerSize,
    };
    // Counted on another core for a big register, while this thread writes the rows and the aggregates. The
    // worker reads the register from its own connection: only a committed register in a file can be read there.
    aggregates =
      (options.aggregateInWorker ?? (registerSize >= AGGREGATE_WORKER_MIN_ADDRESSES && !withinOuterTransaction && !db.memory))
        ? aggregateInWorker(db.name, setup)
        : aggregateHere(db, setup);
    writeAddresses(aggregates, offset, firstRow, lastRow);
    offers = null;
    // Given back before the aggregates are written beside the worker's clusters, which would otherwise grow the process on top of them.
    // Every address index is kept for a shared release's rows since migration 21 (store.ts), so nothing is rebuilt unless
    // a database has one besides them.
    collectGarbage();
    store.rebuildIndexes(rebuild);
    const counted = aggregates.finish();
    if (counted.addresses !== rowsWritten) {
      throw new Error(`the join wrote ${rowsWritten} addresses but its aggregates counted ${counted.addresses}`);
    }
    store.writeAggregates(counted.rows);
    totals = counted;
    store.closeRelease({
      rowsRead: counts.read,
      rowsAccepted: counts.read - rejects.count,
      rowsRejected: rejects.count,
      addresses: counted.addresses,
      covered: counted.covered,
      uncovered: counted.addresses - counted.covered,
    });
    const clusters = aggregates.clusters();
    if (clusters) writeClusters(db, releaseId, clusters);
    else buildClusters(db, releaseId);
    refreshChanges(db, releaseId);
  };
  inImportTransaction(
    db,
    load,
    () => {
      aggregates?.close();
      closeSource();
      rejects.close();
      reportLog.close();
    },
    options.deferCheckpoint,
  );
  progress.done(counts.read);
  const { addresses, covered } = totals;
  return {
    ...releaseSummary(start, { ...options, rejects, unknownColumns, linesRead: counts.lines, rowsRead: counts.read, addresses, covered }),
    register: register.label,
    matched_rows: counts.matched,
    unmatched_rows: counts.unmatched,
    ambiguous_rows: counts.ambiguous,
    addresses_with_offer: counts.withOffer,
    match_report_file: counts.unmatched + counts.ambiguous > 0 ? (options.matchReportPath ?? null) : null,
  };
}
