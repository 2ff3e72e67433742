// The aggregates and cluster points of a release joined to a register (join.ts): per chunk of
// register rows, each address's area, place, H3 cell and position are read from the register and
// counted with its best offer (Aggregator), and its point kept for the clusters. Runs in this thread
// for small registers, or in a worker thread with its own read-only connection
// (join-aggregate-worker.ts) while the joining thread writes the rows.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { eachRow } from '../../common/each-row.ts';
import { type CoverageDefinitions, goalClasses } from '../../common/definitions.ts';
import type { Offer } from '../../common/types.ts';
import { type ComputedClusters, computeCollectedClusters } from '../clusters/index.ts';
import { type PackedClusters, unpackClusters } from '../clusters/packed.ts';
import { AddressPointsBuilder } from '../clusters/points.ts';
import { readRegisterPoints, storedPointsOf } from '../register/point-index.ts';
import { bestOffer, type AddressRecord, type BestOffer } from './address.ts';
import { type AggregateArea, Aggregator } from './aggregate.ts';
import { FileError } from './columns.ts';
import type { AggregateRows } from './store.ts';
import { WorkerBatches } from './worker-batches.ts';

/** A chunk of register rows: row r's offers are lists[listOf[r - from]]. */
export interface JoinChunk {
  from: number;
  to: number;
  listOf: Int32Array;
  lists: (readonly Offer[])[];
}

/** What a join's aggregation needs besides the register rows. */
export interface JoinAggregatesSetup {
  registerId: number;
  registerLabel: string;
  areas: AggregateArea[];
  /** The level of `areas`, and that of each parent area code (for the roll-ups). */
  level: string;
  parentLevels: Record<string, string | null>;
  definitions: CoverageDefinitions;
  /** The release's row id of the register's first row (the points' first row id). */
  firstAddressId: number;
  /** The register's addresses: the points to expect. */
  addresses: number;
}

/** What a finished aggregation hands back first (the clusters come after: JoinAggregates.clusters). */
export interface JoinAggregatesResult {
  rows: AggregateRows;
  addresses: number;
  covered: number;
}

/** Counts the chunks of one join from `db` (the register is read there, committed before the join began). */
export class JoinAggregator {
  /** Let go of by finish(): the counts of a national register are hundreds of MiB the clusters need no more. */
  private aggregator: Aggregator | null;
  private readonly points: AddressPointsBuilder;
  private readonly areaIndex: Map<string, number>;
  private count = 0;
  private lastRow = -1;
  private firstRow = -1;

  constructor(
    private readonly db: Database.Database,
    private readonly setup: JoinAggregatesSetup,
  ) {
    this.aggregator = new Aggregator(setup.areas, setup.level, setup.definitions);
    this.points = new AddressPointsBuilder(true, Math.max(1, setup.addresses));
    this.areaIndex = new Map(setup.areas.map((a, i) => [a.code, i]));
  }

  add({ from, to, listOf, lists }: JoinChunk): void {
    const { definitions, registerId } = this.setup;
    const aggregator = this.aggregator;
    if (!aggregator) throw new Error('a chunk came after the aggregates were finished');
    // Frozen like the joining thread's (a posted chunk's lists are copies): the aggregator then works out each list's providers once.
    for (const list of lists) Object.freeze(list);
    const best: BestOffer[] = lists.map((offers) => bestOffer(offers, definitions));
    // One record, every field refilled per address: the aggregator keeps none of it.
    const record = { addressId: '', postcode: null, houseNumber: null, houseLetter: null, suffix: null, street: null } as AddressRecord;
    let lastCode = '';
    let lastArea = -1;
    // Read through a user function (eachRow), by rowid range in rowid order: through the register's unique
    // index SQLite would gather and sort the whole register for every chunk.
    eachRow(
      this.db,
      'SELECT count(atlas_each_row(id, city, area_code, lon, lat, cell)) FROM register_addresses NOT INDEXED WHERE register_id = ? AND id BETWEEN ? AND ?',
      [registerId, from, to],
      (rowId, city, rowAreaCode, rowLon, rowLat, cell) => {
        const id = rowId as number;
        const areaCode = rowAreaCode as string;
        const lon = rowLon as number;
        const lat = rowLat as number;
        if (areaCode !== lastCode || lastArea < 0) {
          const area = this.areaIndex.get(areaCode);
          if (area === undefined) {
            // A FileError: told to the user as it is, from either thread (the import turns it into an ImportError).
            throw new FileError(
              `Register ${this.setup.registerLabel} assigns addresses to area ${areaCode}, which the loaded boundaries lack. Load the register again (atlas register) after loading the boundaries.`,
            );
          }
          lastCode = areaCode;
          lastArea = area;
        }
        const list = listOf[id - from];
        const b = best[list];
        record.city = city as string | null;
        record.lon = lon;
        record.lat = lat;
        record.area = lastArea;
        record.cell = cell as number;
        record.offers = lists[list] as Offer[];
        aggregator.add(record, b, 1);
        this.points.set(this.count++, lon, lat, b.downClass, b.upClass, lastArea, b.technology);
        if (this.firstRow < 0) this.firstRow = id;
        this.lastRow = id;
      },
    );
  }

  finish(): JoinAggregatesResult {
    const { definitions, parentLevels } = this.setup;
    const aggregator = this.aggregator;
    if (!aggregator) throw new Error('the aggregates were finished already');
    this.aggregator = null;
    const { addresses, covered } = aggregator.totals(...goalClasses(definitions));
    return { rows: aggregator.rows((code) => parentLevels[code] ?? null), addresses, covered };
  }

  /** The clusters, after finish(); null when the register's row ids are not consecutive (they are then built from the stored rows). */
  clusters(): ComputedClusters | null {
    const { definitions, areas, firstAddressId } = this.setup;
    // Point i is the address of id firstAddressId + i where the register's rows have consecutive ids
    // (one load inserts them all, so they do).
    if (this.count > 0 && this.lastRow - this.firstRow + 1 !== this.count) return null;
    // The register's stored index of its positions, where it holds exactly these points (the register's rows).
    // Read when the search needs it, after the clusters are linked and summarised (115 MiB at national scale).
    const stored = this.count > 0 ? storedPointsOf(this.db, this.setup.registerId) : null;
    const all =
      stored && stored.firstId === this.firstRow && stored.entries === this.count
        ? () => readRegisterPoints(this.db, this.setup.registerId)
        : undefined;
    return computeCollectedClusters(
      definitions,
      this.points.collected(),
      firstAddressId,
      areas.map((a) => a.code),
      all,
    );
  }
}

/** What the worker posts: the counts (hex rows as columns, their buffers handed over) once the chunks end, then the clusters. */
export type PostedJoinAggregates = { counts: JoinAggregatesResult } | { clusters: PackedClusters | null };

/** What the worker gets besides its channel. */
export interface JoinAggregateWorkerData {
  path: string;
  setup: JoinAggregatesSetup;
  /** Chunks come through this port, each counted in `sent` after it is posted; a message without a chunk ends them. */
  chunks: MessagePort;
  sent: Int32Array;
}

/** The joining thread's side: chunks posted to the worker, and what it computed taken back at the end. */
export interface JoinAggregates {
  add(chunk: JoinChunk): void;
  /** After the last chunk: the worker goes on to the counts and the clusters while the joining thread writes. */
  end(): void;
  /** Between writes: takes what the worker posted, so that a failed worker says so before the rest of the rows are written. */
  poll(): void;
  /** After the last chunk: the counts. */
  finish(): JoinAggregatesResult;
  /** After finish(): the clusters (computed meanwhile in a worker), or null to build them from the stored rows. */
  clusters(): ComputedClusters | null;
  close(): void;
}

/** Aggregates in this thread, from the joining connection. */
export function aggregateHere(db: Database.Database, setup: JoinAggregatesSetup): JoinAggregates {
  const here = new JoinAggregator(db, setup);
  return { add: (chunk) => here.add(chunk), end() {}, poll() {}, finish: () => here.finish(), clusters: () => here.clusters(), close() {} };
}

/** Aggregates in a worker thread (join-aggregate-worker.ts) from its own read-only connection to `path`. */
export function aggregateInWorker(path: string, setup: JoinAggregatesSetup): JoinAggregates {
  const { port1, port2 } = new MessageChannel();
  const sent = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new WorkerBatches<PostedJoinAggregates>(
    new URL('./join-aggregate-worker.ts', import.meta.url),
    { path, setup, chunks: port2, sent } satisfies JoinAggregateWorkerData,
    { transfer: [port2 as unknown as ArrayBuffer], task: 'counting the aggregates' },
  );
  const post = (message: { chunk: JoinChunk | null }, transfer: ArrayBuffer[] = []) => {
    port1.postMessage(message, transfer);
    Atomics.add(sent, 0, 1);
    Atomics.notify(sent, 0);
  };
  let ended = false;
  /** The counts, once taken (poll may take them before finish asks). */
  let counts: Extract<PostedJoinAggregates, { counts: unknown }> | null = null;
  const takeCounts = () => {
    const posted = worker.next();
    if (posted === null || !('counts' in posted)) throw new Error('the aggregate worker ended without its counts');
    return posted;
  };
  const end = () => {
    if (!ended) post({ chunk: null });
    ended = true;
  };
  return {
    add(chunk) {
      // A worker that failed says so now rather than after the rest of the rows are written.
      if (worker.ready()) worker.next();
      post({ chunk }, [chunk.listOf.buffer as ArrayBuffer]);
    },
    end,
    poll() {
      // Before the end marker the worker posts nothing but a failure, which next() throws.
      if (counts === null && worker.ready()) {
        if (ended) counts = takeCounts();
        else worker.next();
      }
    },
    finish() {
      end();
      return (counts ?? takeCounts()).counts;
    },
    clusters() {
      const posted = worker.next();
      if (posted === null || !('clusters' in posted)) throw new Error('the aggregate worker ended without the clusters');
      return posted.clusters && unpackClusters(posted.clusters);
    },
    close() {
      port1.close();
      worker.close();
    },
  };
}

/** The worker's side: the next chunk (null after the last), waiting for it to be posted. */
export function receiveChunk(port: MessagePort, sent: Int32Array, received: number): JoinChunk | null {
  while (Atomics.load(sent, 0) === received) Atomics.wait(sent, 0, received);
  const message = receiveMessageOnPort(port)?.message as { chunk: JoinChunk | null };
  return message.chunk;
}
