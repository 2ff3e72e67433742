// Changes between two releases: read from the diffs the import precomputed for adjacent releases
// (change_* tables), or, for any other pair, computed once with common/changes.ts (one read of both
// releases) and kept in memory until the database changes. Either way a request then only sums class pairs.
import type { Threshold } from '../../common/types.ts';
import { changeFigures, changeKind, type ChangeFigures, type ChangeKind, type ClassPair, type PairCount } from '../../common/changes.ts';
import { Worker } from 'node:worker_threads';
import { Lru } from '../lru.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './addresses.ts';
import type { CoverageDefinitions } from '../../common/definitions.ts';
import type { DB } from './db.ts';
import { coverClasses } from './figures.ts';
import {
  computePair,
  groupAreas,
  groupCells,
  readStoredList,
  type ChangeCells,
  type ChangedList,
  type ComputedPair,
} from './pair-compute.ts';
import type { PairAnswer, PairJob } from './pair-worker.ts';

export type { ChangeCells, ChangedList } from './pair-compute.ts';

export interface PairDiff {
  /** True when the import stored this pair (adjacent releases); false when computed here. */
  stored: boolean;
  /** Class-pair counts per `${level}\t${code}` (the nation is `all\t`). */
  areas: Map<string, PairCount[]>;
  cells(res: number): ChangeCells;
  /** The changed addresses (a stored pair reads them on first use unless loadAddresses() read them first). */
  addresses(): ChangedList;
  /** True when addresses() answers from memory. */
  hasAddresses(): boolean;
  /** Hands a stored pair the list a worker read. */
  provideAddresses(list: ChangedList): void;
}

/** Bytes a pair holds in memory per changed address (list plus its share of counts), measured roughly. */
const BYTES_PER_CHANGE = 120;
const PAIR_CACHE_BYTES = 256 * 1024 * 1024;
const DETAIL_PAGE = 1000;
/** Bytes of derived answers kept (a municipality list is ~140 KB, its class table ~80 KB). */
const DERIVED_BYTES = 64 * 1024 * 1024;

export function classPairAt(list: ChangedList, i: number): ClassPair {
  const c = list.classes;
  return { fromDown: c[i * 4], fromUp: c[i * 4 + 1], toDown: c[i * 4 + 2], toUp: c[i * 4 + 3] };
}

/**
 * Worker jobs run one at a time: a national pair reads two releases of millions of addresses and holds
 * its diff while building it, so many distinct pairs asked at once must not run side by side.
 */
let workerQueue: Promise<unknown> = Promise.resolve();
let running = 0;
/** The most worker jobs that ran at once in this process (1 unless the queue is broken). */
let runningPeak = 0;
function queuedInWorker(job: PairJob): ReturnType<typeof runInWorker> {
  const run = workerQueue.then(async () => {
    runningPeak = Math.max(runningPeak, ++running);
    try {
      return await runInWorker(job);
    } finally {
      running--;
    }
  });
  workerQueue = run.catch(() => undefined);
  return run;
}

/** Runs a job in a worker thread (pair-worker.ts): the event loop stays free meanwhile. */
function runInWorker(job: PairJob): Promise<Exclude<PairAnswer, { failed: string }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pair-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (m: PairAnswer) => {
      if ('failed' in m) reject(new Error(`reading the changes ${job.from}>${job.to} (${job.kind}) failed: ${m.failed}`));
      else resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the changes worker exited with ${code}`)));
  });
}

function fromComputed(c: ComputedPair): { diff: PairDiff; size: number } {
  const diff: PairDiff = {
    stored: false,
    areas: c.areas,
    cells: (res) => c.cells.get(res) ?? groupCells([]),
    addresses: () => c.list,
    hasAddresses: () => true,
    provideAddresses: () => {},
  };
  return { diff, size: c.list.size };
}

const PAIR_COLUMNS = 'from_down AS fromDown, from_up AS fromUp, to_down AS toDown, to_up AS toUp, addresses';

export function createChangeStore(db: DB, definitions: () => CoverageDefinitions) {
  const storedChanged = db
    .prepare<[number, number], number>('SELECT changed FROM change_pairs WHERE from_release_id = ? AND to_release_id = ?')
    .pluck();
  const areaRows = db.prepare<[number, number], { level: string; areaCode: string } & PairCount>(
    `SELECT level, area_code AS areaCode, ${PAIR_COLUMNS} FROM change_stats WHERE from_release_id = ? AND to_release_id = ?`,
  );
  const cellRows = db.prepare<[number, number, number], { cell: string; lon: number; lat: number } & PairCount>(
    `SELECT cell, lon, lat, ${PAIR_COLUMNS} FROM change_cells WHERE from_release_id = ? AND to_release_id = ? AND res = ? ORDER BY cell`,
  );
  const details = db.prepare<[string], AddressRow>(`SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (SELECT value FROM json_each(?))`);
  const cache = new Lru<string, { diff: PairDiff; bytes: number }>(PAIR_CACHE_BYTES, (e) => e.bytes);
  /** Answers derived from a pair (e.g. every area's figures at one threshold), kept until the database changes. */
  const derived = new Lru<string, { value: unknown; bytes: number }>(DERIVED_BYTES, (e) => e.bytes);
  /** Pairs being computed in a worker: identical requests wait for the same computation. */
  const computing = new Map<string, Promise<PairDiff>>();
  /** Stored pairs whose changed addresses a worker is reading. */
  const listing = new Map<string, Promise<PairDiff>>();
  /** Bumped when the database changes, so a computation started before is not cached after. */
  let generation = 0;
  let workerRuns = 0;

  function storedPair(from: number, to: number): PairDiff {
    let list: ChangedList | undefined;
    return {
      stored: true,
      areas: groupAreas(areaRows.all(from, to)),
      cells: (() => {
        const byRes = new Map<number, ChangeCells>();
        return (res: number) => {
          let cells = byRes.get(res);
          if (!cells) byRes.set(res, (cells = groupCells(cellRows.iterate(from, to, res))));
          return cells;
        };
      })(),
      addresses: () => (list ??= readStoredList(db, from, to)),
      hasAddresses: () => list !== undefined,
      provideAddresses: (read) => {
        list ??= read;
      },
    };
  }

  /** A pair the import did not store, computed here (blocking: for the CLI and exports, not the server's requests). */
  function computedPair(from: number, to: number): { diff: PairDiff; size: number } {
    return fromComputed(computePair(db, from, to));
  }

  return {
    /**
     * The diff of two releases (by id) for the server: a pair the import did not store is computed in a
     * worker thread, once for all concurrent requests, and then kept like a stored one. After it resolves,
     * pair() answers from the cache without computing.
     */
    load(from: number, to: number): Promise<PairDiff> {
      const key = `${from}>${to}`;
      const hit = cache.get(key);
      if (hit) return Promise.resolve(hit.diff);
      if (storedChanged.get(from, to) !== undefined) return Promise.resolve(this.pair(from, to));
      const pending = computing.get(key);
      if (pending) return pending;
      const started = generation;
      workerRuns++;
      const job = queuedInWorker({ db: db.name, from, to, kind: 'compute' })
        .then((answer) => {
          const { diff, size } = fromComputed((answer as { pair: ComputedPair }).pair);
          if (started === generation) cache.set(key, { diff, bytes: (size + 1) * BYTES_PER_CHANGE });
          return diff;
        })
        .finally(() => {
          if (computing.get(key) === job) computing.delete(key);
        });
      computing.set(key, job);
      return job;
    },
    /**
     * load(), and the pair's changed addresses in memory (for the address lists and the single points of
     * the changes tiles): a stored pair's are read in a worker, once for all concurrent requests.
     */
    async loadAddresses(from: number, to: number): Promise<PairDiff> {
      const diff = await this.load(from, to);
      if (diff.hasAddresses()) return diff;
      const key = `${from}>${to}`;
      const pending = listing.get(key);
      if (pending) return pending;
      workerRuns++;
      const job = queuedInWorker({ db: db.name, from, to, kind: 'stored-list' })
        .then((answer) => {
          diff.provideAddresses((answer as { list: ChangedList }).list);
          return diff;
        })
        .finally(() => {
          if (listing.get(key) === job) listing.delete(key);
        });
      listing.set(key, job);
      return job;
    },
    /** Worker jobs started since the server started (identical concurrent requests share one). */
    workerRuns: () => workerRuns,
    /** The most worker jobs that ran at once in this process (they queue: 1). */
    workerPeak: () => runningPeak,
    /**
     * The diff of two releases (by id), from the stored tables or computed once. A pair that is neither
     * stored nor loaded is computed here, blocking: the CLI and exports use this; server routes load() first.
     */
    pair(from: number, to: number): PairDiff {
      const key = `${from}>${to}`;
      const hit = cache.get(key);
      if (hit) return hit.diff;
      const changed = storedChanged.get(from, to);
      const entry =
        changed !== undefined
          ? { diff: storedPair(from, to), bytes: (changed + 1) * BYTES_PER_CHANGE }
          : (({ diff, size }) => ({ diff, bytes: (size + 1) * BYTES_PER_CHANGE }))(computedPair(from, to));
      cache.set(key, entry);
      return entry.diff;
    },
    /** The change figures of one area (level, code; the nation is 'all', '') at a threshold. */
    figures(diff: PairDiff, level: string, code: string, threshold: Threshold): ChangeFigures {
      const { dc, uc } = coverClasses(threshold, definitions());
      return changeFigures(diff.areas.get(`${level}\t${code}`) ?? [], dc, uc);
    },
    /**
     * The changed addresses of one kind at a threshold, optionally only those counted in `areaCodes`
     * (municipalities) or inside `bbox`, as address rows: the `to` row, or the `from` row when removed.
     */
    *rows(
      diff: PairDiff,
      kind: ChangeKind,
      threshold: Threshold,
      where: { areaCodes?: string[]; bbox?: readonly number[] },
    ): Generator<AddressRow> {
      const list = diff.addresses();
      const { dc, uc } = coverClasses(threshold, definitions());
      const areas = where.areaCodes ? new Set(where.areaCodes) : null;
      const [w, s, e, n] = where.bbox ?? [];
      let ids: number[] = [];
      const flush = function* () {
        const byId = new Map(details.all(JSON.stringify(ids)).map((r) => [r.id, r]));
        for (const id of ids) yield byId.get(id)!;
        ids = [];
      };
      for (let i = 0; i < list.size; i++) {
        if (areas && !areas.has(list.areaCodes[list.area[i]])) continue;
        if (where.bbox && !(list.lon[i] >= w && list.lon[i] <= e && list.lat[i] >= s && list.lat[i] <= n)) continue;
        if (changeKind(classPairAt(list, i), dc, uc) !== kind) continue;
        ids.push(kind === 'removed' ? list.fromId[i] : list.toId[i]);
        if (ids.length === DETAIL_PAGE) yield* flush();
      }
      if (ids.length > 0) yield* flush();
    },
    /** A value derived from the diffs under `key` (weighing `bytes`), computed once until the database changes. */
    memo<T>(key: string, build: () => T, bytes: (value: T) => number): T {
      return derived.getOrSet(key, () => {
        const value = build();
        return { value, bytes: bytes(value) };
      }).value as T;
    },
    reset(): void {
      generation++;
      computing.clear();
      listing.clear();
      cache.clear();
      derived.clear();
    },
  };
}
export type ChangeStore = ReturnType<typeof createChangeStore>;
