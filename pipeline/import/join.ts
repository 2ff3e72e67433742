// importOverRegister: coverage lists (operators' lists of the addresses they serve, without
// coordinates) joined to an address register as one release, in a single transaction. Every
// register address becomes an address of the release; one without a matched offer is uncovered
// (best technology NONE). Location, area and H3 cell come from the register, located once there.
// Rows that fit no register address (unmatched) or several (ambiguous) are counted and listed in
// the match report, never added. matched + unmatched + ambiguous + rejected = read. Big lists are
// read and checked in a worker thread (list-worker.ts) while this thread matches and writes.
import type Database from 'better-sqlite3';
import { goalClasses, readDefinitions } from '../../common/definitions.ts';
import type { ImportSummary, Offer } from '../../common/types.ts';
import { buildClusters, startClusters } from '../clusters/index.ts';
import { refreshChanges } from '../changes/index.ts';
import { AddressPointsBuilder } from '../clusters/points.ts';
import { bestOffer, type AddressRecord, type BestOffer } from './address.ts';
import { Aggregator } from './aggregate.ts';
import type { Encoding } from './csv.ts';
import { KEY_TEXTS, ListBatchReader, NO_OFFER, type ListBatch, type ListSource } from './list-reader.ts';
import type { ListWorkerData } from './list-worker.ts';
import { findRegister, RegisterMatcher } from './register-match.ts';
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

export interface JoinOptions {
  release: string;
  register: string;
  asOf?: string | null;
  files: string[];
  rejectsPath?: string | null;
  matchReportPath?: string | null;
  synthetic?: boolean;
  encoding?: Encoding;
  /** Renames a header of another shape: NAME=HEADER,… (columns.ts). */
  columnMapping?: ReadonlyMap<string, string>;
  /** Read and check the lists in a worker thread; by default only for inputs where it pays off. */
  readInWorker?: boolean;
  onProgress?: (progress: LoadProgress) => void;
}

const PROGRESS_EVERY_ROWS = 1 << 14;
/**
 * Input size from which a reading worker pays for its start (about 0.3 s, mostly loading tsx):
 * reading and checking 8 MiB of these rows takes about 1 s.
 */
const WORKER_MIN_BYTES = 8 << 20;
/** Register addresses read back per query while the release's addresses are written. */
const PAGE = 8192;

/** What the join reads back of a register address: the rest stays in the register, which the release shares. */
type RegisterAddressRow = [id: number, city: string | null, areaCode: string, lon: number, lat: number, cell: number];

export function importOverRegister(db: Database.Database, options: JoinOptions): ImportSummary {
  checkLabel(options.release, 'release');
  checkAsOf(options.asOf);
  if (options.files.length === 0) throw new ImportError('Give at least one coverage list to import.');
  const register = findRegister(db, options.register);
  if (typeof register === 'string') throw new ImportError(register);
  const start = startLoad(db, options.files);
  const progress = progressReporter(start, PROGRESS_EVERY_ROWS, options.onProgress);
  const { areas, bytesTotal, names } = start;
  const areaIndex = new Map(areas.map((a, i) => [a.code, i]));
  const store = new ImportStore(db, areas);
  const definitions = readDefinitions(db);
  const aggregator = new Aggregator(areas, start.level, definitions);
  const rejects = new Rejects(options.rejectsPath ?? null);
  const report = new CsvLog(options.matchReportPath ?? null, ['source_file', 'line', 'reason', 'row']);
  const mapping = options.columnMapping ?? new Map<string, string>();
  const unknownColumns = new Set<string>();
  /** Matched offers per register address row. */
  let offers: MatchedOffers | null = new MatchedOffers();
  const counts = { lines: 0, read: 0, matched: 0, unmatched: 0, ambiguous: 0, withOffer: 0, addresses: 0 };
  // Positions, classes, area and best technology of every address: the clusters are built from them (startClusters).
  const points = new AddressPointsBuilder(true);

  const source: ListSource =
    (options.readInWorker ?? bytesTotal >= WORKER_MIN_BYTES)
      ? new WorkerBatches<ListBatch>(new URL('./list-worker.ts', import.meta.url), {
          files: [...options.files],
          encoding: options.encoding ?? 'utf-8',
          mapping: new Map(mapping),
        } satisfies ListWorkerData)
      : new ListBatchReader(options.files, options.encoding ?? 'utf-8', mapping);

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
    for (let batch = source.next(); batch !== null; batch = source.next()) {
      const f = batch.file;
      if (batch.opened) {
        for (const c of batch.opened.unknown) unknownColumns.add(c);
        byId = batch.opened.byId;
      }
      linesByFile[f] = batch.linesRead;
      matched.defineOffers(batch.newOffers);
      const { line, raw, rejected, keys, houseNumber, problems } = batch;
      for (let i = 0, a = 0, p = 0; i < batch.rows; i++) {
        counts.read++;
        if (rejected[i]) {
          rejects.add(names[f], line[i], problems[p].field, problems[p].reason, raw[i]);
          p++;
        } else {
          const k = a * KEY_TEXTS;
          const number = houseNumber[a];
          const offer = batch.offer[a++];
          const key = keys[k];
          const letter = keys[k + 1];
          const suffix = keys[k + 2];
          const fits = byId ? match.withId(key!) : match.withKey(key!, number, letter ?? undefined, suffix ?? undefined);
          if (fits.length === 1) {
            counts.matched++;
            if (offer !== NO_OFFER) matched.addNumber(fits[0], offer);
          } else {
            const described = byId ? `address_id ${key}` : `${key} ${number}${letter ?? ''}${suffix ? `-${suffix}` : ''}`;
            if (fits.length === 0) counts.unmatched++;
            else counts.ambiguous++;
            report.write([
              names[f],
              line[i],
              fits.length === 0
                ? `unmatched: ${described} is not in register ${register.label}`
                : `ambiguous: ${described} fits ${fits.length} addresses of register ${register.label}`,
              raw[i],
            ]);
          }
        }
        progress.rows(counts.read, f, batch.bytesRead);
      }
    }
    counts.lines = linesByFile.reduce((sum, n) => sum + n, 0);
  };

  /** Every register address becomes an address of the release, with its matched offers. */
  const writeAddresses = () => {
    const matched = offers!;
    // By rowid range: through the register's unique index SQLite would gather and sort the whole
    // register again for every page (quadratic: 14 s of the demo's 812 k addresses).
    const [firstRow, lastRow] = db
      .prepare('SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM register_addresses WHERE register_id = ?')
      .raw()
      .get(register.id) as [number, number];
    const page = db
      .prepare(
        `SELECT id, city, area_code, lon, lat, cell FROM register_addresses NOT INDEXED WHERE register_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ${PAGE}`,
      )
      .raw();
    // The release's rows share the register's addresses (common/schema.ts, migration 17): the row of register
    // row r has the id r + offset, above every row already written.
    const offset = store.nextAddressId() - firstRow;
    store.setRegisterOffset(offset);
    firstAddressId = firstRow + offset;
    // One record, every field refilled per address below: the store, the aggregator and the points keep none of it.
    // Its own columns stay empty: the store writes none of them for a shared register, and the aggregates need
    // only the city (for the places), the area, the position and the cell.
    const record = { addressId: '', postcode: null, houseNumber: null, houseLetter: null, suffix: null, street: null } as AddressRecord;
    const bestOfShared = new WeakMap<readonly Offer[], BestOffer>();
    for (let after = 0; ; ) {
      const rows = page.all(register.id, after, lastRow) as RegisterAddressRow[];
      if (rows.length === 0) break;
      for (const [id, city, areaCode, lon, lat, cell] of rows) {
        const area = areaIndex.get(areaCode);
        if (area === undefined) {
          throw new ImportError(
            `Register ${register.label} assigns addresses to area ${areaCode}, which the loaded boundaries lack. Load the register again (atlas register) after loading the boundaries.`,
          );
        }
        record.id = id + offset;
        record.city = city;
        record.lon = lon;
        record.lat = lat;
        record.area = area;
        record.cell = cell;
        // Frozen, and shared by addresses with the same offers: their best offer is worked out once.
        const listed = matched.offersOf(id);
        record.offers = listed as Offer[];
        if (listed.length > 0) counts.withOffer++;
        let best = bestOfShared.get(listed);
        if (best === undefined) bestOfShared.set(listed, (best = bestOffer(listed, definitions)));
        store.addSharedAddress(record, id, best);
        aggregator.add(record, best, 1);
        points.set(counts.addresses++, lon, lat, best.downClass, best.upClass, area, best.technology);
      }
      after = rows[rows.length - 1][0];
    }
    consecutive = counts.addresses === 0 || lastRow - firstRow + 1 === counts.addresses;
  };

  let releaseId = 0;
  let firstAddressId = 0;
  /** Whether the register's row ids (so the release's) are consecutive: the points then line up with them. */
  let consecutive = true;
  let clusters: ReturnType<typeof startClusters> | null = null;
  const load = () => {
    releaseId = store.openRelease(options.release, options.asOf ?? null, options.synthetic ?? false, names, register.id);
    readLists();
    closeSource();
    matcher = null;
    offers!.finish();
    const registerSize = db.prepare('SELECT addresses FROM registers WHERE id = ?').pluck().get(register.id) as number;
    const rebuild = store.otherAddresses() < registerSize / 4 ? store.dropAddressIndexes() : [];
    writeAddresses();
    offers = null;
    // Point i is the address of id firstAddressId + i where a register's rows have consecutive ids (one
    // load inserts them all, so they do; otherwise the uncovered addresses are read back). Clustered on
    // another core where there are enough, while this thread rebuilds the indexes and writes the aggregates.
    clusters = consecutive
      ? startClusters(
          definitions,
          points.collected(),
          firstAddressId,
          areas.map((a) => a.code),
        )
      : { write: (into: Database.Database, id: number) => buildClusters(into, id, { points: points.build() }), close() {} };
    store.rebuildIndexes(rebuild);
    store.writeAggregates(aggregator.rows((code) => store.levelOf(code)));
    const { addresses, covered } = aggregator.totals(...goalClasses(definitions));
    store.closeRelease({
      rowsRead: counts.read,
      rowsAccepted: counts.read - rejects.count,
      rowsRejected: rejects.count,
      addresses,
      covered,
      uncovered: addresses - covered,
    });
    clusters.write(db, releaseId);
    refreshChanges(db, releaseId);
  };
  inImportTransaction(db, load, () => {
    clusters?.close();
    closeSource();
    rejects.close();
    report.close();
  });
  progress.done(counts.read);
  const { addresses, covered } = aggregator.totals(...goalClasses(definitions));
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
