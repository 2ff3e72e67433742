// FCC BDC locations assembled from their staged rows (location-stage.ts), in the importing thread
// or in a worker (assembly-worker.ts) while the importing thread writes them: per location, the
// first row that can be placed makes the address and a later row that contradicts it is rejected;
// its offers become a numbered list, each distinct list numbered once. The importing thread gets
// columns per chunk of locations, in the order their ids follow (AddressAssembler.addAssembled).
import { type CoverageDefinitions, goalClasses } from '../../common/definitions.ts';
import { hexColumnBuffers } from '../../common/hex-counts.ts';
import type { Offer } from '../../common/types.ts';
import { bestOffer } from './address.ts';
import { Aggregator, type PreparedList } from './aggregate.ts';
import type { AggregateRows } from './store.ts';
import { WorkerBatches } from './worker-batches.ts';
import { areaOfRow, cellOf, conflictOf, type StagedReject } from './assemble.ts';
import { AreaLocator, type LocatorArea } from './locate.ts';
import { PartitionLocations, type StagedPartition, type StagedRows } from './location-stage.ts';
import { MAX_OFFER_SETS } from './offer-sets.ts';
import { offerOf } from './row-batch.ts';

/** What an assembly needs: the staged partitions, the leaf areas, and the providers' names by shared index. */
export interface AssemblySetup {
  /** Each partition's files (one per reader). */
  partitions: StagedPartition[][];
  /** The areas locations are assigned to (the first level), with their geometry. */
  areas: LocatorArea[];
  /** The level of `areas`, and that of each parent area code (for the aggregates' roll-ups). */
  level: string;
  parentLevels: Record<string, string | null>;
  definitions: CoverageDefinitions;
  providers: string[];
}

/** The counts of an assembly's locations: the aggregate rows (without hex rows), and how many there are and are covered (the goal's classes). */
export interface AssemblyCounts {
  rows: AggregateRows;
  addresses: number;
  covered: number;
}

/**
 * What an assembly hands over, in order: its chunks of locations, then (after the last) their counts
 * per area and provider. The importing thread counts their H3 cells and keeps their points for the
 * clusters (AddressAssembler.addAssembled), which keeps the two threads about as busy.
 */
export type AssemblyMessage = { chunk: AssembledChunk } | { counts: AssemblyCounts };

/** A chunk of assembled locations, column by column; location i has list list[i]. */
export interface AssembledChunk {
  count: number;
  /** The locations' ids joined by NUL (ids holding one are rejected when read: suspect-text.ts). */
  ids: string;
  lon: Float64Array;
  lat: Float64Array;
  /** The finest H3 cell key of each (common/hex-key.ts). */
  cell: Float64Array;
  /** Index of each location's area in the setup's areas. */
  area: Int32Array;
  list: Int32Array;
  /** Lists first met in this chunk, numbered from firstList on. */
  firstList: number;
  lists: Offer[][];
  /** Rows left out, with why (their raw text is read again by the importing thread). */
  rejected: StagedReject[];
}

/** Locations per chunk: a few MiB of columns. */
const CHUNK_LOCATIONS = 1 << 16;
/** Chunks a worker may hold ready ahead of the importing thread. */
const CHUNKS_AHEAD = 8;
/** Numbers per offer in a list's key: provider, technology, down, up, flags. */
const OFFER_FIELDS = 5;

/** The separator of AssembledChunk.ids. */
export const ID_SEPARATOR = '\0';

/**
 * Numbers lists of offers by their fields: the same fields in the same order get the same number.
 * Past `max` lists a list is numbered afresh each time, so that memory stays bounded. The lists'
 * fields are kept end to end in one typed array, and the lists of one hash chained by number: a
 * few objects in all, where an array per list made the worker's heap one the garbage collector
 * went over again and again (2 s of a 10 M-row import).
 */
export class ListNumbers {
  /** The last number with each hash; next[number] is the one before it (-1: none). */
  private readonly heads = new Map<number, number>();
  private next = new Int32Array(1 << 10);
  /** List number n's fields are fields[starts[n] .. starts[n + 1]). */
  private starts = new Int32Array((1 << 10) + 1);
  private fields = new Float64Array(1 << 14);
  /** The number the next new list gets. */
  size = 0;

  constructor(private readonly max = MAX_OFFER_SETS) {}

  /** The number of the list whose fields are key[0 .. OFFER_FIELDS * n); `isNew` tells whether it was met first now. */
  numberOf(key: Float64Array, n: number): { number: number; isNew: boolean } {
    const length = OFFER_FIELDS * n;
    let h = 0x811c9dc5 ^ n;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ (key[i] * 1000), 0x01000193);
    // 30 bits: a small integer to V8, which a Map hashes and compares without a heap number per look-up.
    h &= 0x3fffffff;
    const head = this.heads.get(h) ?? -1;
    const { fields, starts } = this;
    for (let m = head; m >= 0; m = this.next[m]) {
      const start = starts[m];
      if (starts[m + 1] - start !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) {
        const a = fields[start + i];
        same = a === key[i] || (Number.isNaN(a) && Number.isNaN(key[i]));
      }
      if (same) return { number: m, isNew: false };
    }
    const number = this.size++;
    if (number < this.max) this.keep(number, key, length, head, h);
    return { number, isNew: true };
  }

  /** The fields of a list kept (a number below `max`), as numberOf was given them. */
  fieldsOf(number: number): Float64Array {
    return this.fields.subarray(this.starts[number], this.starts[number + 1]);
  }

  private keep(number: number, key: Float64Array, length: number, head: number, h: number): void {
    if (number + 1 >= this.next.length) {
      this.next = grown(this.next, this.next.length * 2);
      this.starts = grown(this.starts, this.next.length + 1);
    }
    const start = this.starts[number];
    if (start + length > this.fields.length) this.fields = grown(this.fields, Math.max(2 * this.fields.length, start + length));
    this.fields.set(key.subarray(0, length), start);
    this.starts[number + 1] = start + length;
    this.next[number] = head;
    this.heads.set(h, number);
  }
}

/** A copy of `array` in a new one of `length`. */
function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}

/**
 * Assembles the staged locations partition by partition, counting them per area and provider
 * (Aggregator); next() gives what it hands over in order (AssemblyMessage). Locations are counted
 * per (list, area) as they come, and in the aggregator at the end.
 */
export class LocationAssembly {
  private readonly locator: AreaLocator;
  private readonly numbers = new ListNumbers();
  private key = new Float64Array(OFFER_FIELDS * 16);
  private readonly ready: AssembledChunk[] = [];
  /** The next partition to read back, the one being assembled (when one is), and how many of its locations are. */
  private partition = 0;
  private current: PartitionLocations | null = null;
  private visited = 0;
  private readonly addLocation = (rows: StagedRows, first: number) => this.add(rows, first);
  private chunk: ChunkBuilder;
  private aggregator: Aggregator | null;
  /** Locations per list and area (key list * areas + area), counted in the areas at the end: a list's providers are worked out once per area, not per location. */
  private readonly perListArea = new Map<number, number>();
  private step: 'chunks' | 'counts' | 'done' = 'chunks';
  /** The location being assembled: where its first placed row puts it. */
  private readonly place = { addressId: '', lon: 0, lat: 0, area: 0 };

  /** `locator`: the importing thread's, when the assembly runs there (building one for 3,231 counties takes 0.1-0.2 s). */
  constructor(
    private readonly setup: AssemblySetup,
    locator?: AreaLocator,
  ) {
    this.locator = locator ?? new AreaLocator(setup.areas);
    this.chunk = new ChunkBuilder(0);
    this.aggregator = new Aggregator(setup.areas, setup.level, setup.definitions);
  }

  /** The next message, or null after the counts. */
  next(): AssemblyMessage | null {
    if (this.step === 'chunks') {
      // A chunk at a time: the importing thread starts on the first chunk while this one assembles the rest of the partition.
      while (this.ready.length === 0 && (this.current !== null || this.partition < this.setup.partitions.length)) {
        const current = this.current ?? (this.current = new PartitionLocations(this.setup.partitions[this.partition++]));
        while (this.ready.length === 0 && this.visited < current.count) current.visit(this.visited++, this.addLocation);
        if (this.visited < current.count) continue;
        this.current = null;
        this.visited = 0;
        if (this.partition === this.setup.partitions.length && this.chunk.count > 0) this.ready.push(this.chunk.done());
      }
      const chunk = this.ready.shift();
      if (chunk) return { chunk };
      this.step = 'counts';
    }
    if (this.step === 'counts') {
      this.step = 'done';
      return { counts: this.counts() };
    }
    return null;
  }

  close(): void {
    this.ready.length = 0;
  }

  /** The aggregate rows and totals, once every location is counted; lets go of the counts. */
  private counts(): AssemblyCounts {
    const aggregator = this.aggregator;
    if (!aggregator) throw new Error('the assembly was counted already');
    this.aggregator = null;
    const areas = this.setup.areas.length;
    // Each list's offers, best offer and classes, worked out again from its fields once (not held through the assembly):
    // the BDC bench's 759 k (list, county) pairs took 3.2-4.4 s through addToArea, which works out every provider's classes
    // each time; 2.3-2.4 s prepared (2026-12-04, two runs each, alternated).
    const lists = new Map<number, PreparedList>();
    for (const [key, n] of this.perListArea) {
      const number = Math.floor(key / areas);
      let list = lists.get(number);
      if (!list) {
        const offers = this.offersOf(this.numbers.fieldsOf(number));
        list = aggregator.prepareList(offers, bestOffer(offers, this.setup.definitions));
        lists.set(number, list);
      }
      aggregator.addPreparedToArea(key % areas, list, n);
    }
    const { definitions, parentLevels } = this.setup;
    const { addresses, covered } = aggregator.totals(...goalClasses(definitions));
    return { rows: aggregator.rows((code) => parentLevels[code] ?? null), addresses, covered };
  }

  /** One location from its rows (from `first`, in input order). */
  private add(rows: StagedRows, first: number): void {
    const { chunk, place } = this;
    let placed = false;
    let cell = 0;
    let offers = 0;
    for (const r of rows.inInputOrder(first)) {
      rows.at(r);
      if (!placed) {
        const area = areaOfRow(rows, this.locator);
        if (typeof area !== 'number') {
          chunk.rejected.push({ file: rows.file, line: rows.line, problem: area });
          continue;
        }
        placed = true;
        place.addressId = rows.addressId;
        place.lon = rows.lon;
        place.lat = rows.lat;
        place.area = area;
        cell = cellOf(rows);
      } else {
        const conflict = conflictOf(place, rows, this.locator);
        if (conflict) {
          chunk.rejected.push({ file: rows.file, line: rows.line, problem: conflict });
          continue;
        }
      }
      // Technology 0: a row without an offer (offerOf).
      if (rows.technology === 0) continue;
      if (this.key.length < OFFER_FIELDS * (offers + 1)) {
        const grown = new Float64Array(this.key.length * 2);
        grown.set(this.key);
        this.key = grown;
      }
      const k = OFFER_FIELDS * offers++;
      this.key[k] = rows.provider;
      this.key[k + 1] = rows.technology;
      this.key[k + 2] = rows.down;
      this.key[k + 3] = rows.up;
      this.key[k + 4] = rows.flags;
    }
    if (!placed) return;
    const { number, isNew } = this.numbers.numberOf(this.key, offers);
    if (isNew) chunk.lists.push(this.offersOf(this.key.subarray(0, OFFER_FIELDS * offers)));
    if (number < MAX_OFFER_SETS) {
      const key = number * this.setup.areas.length + place.area;
      this.perListArea.set(key, (this.perListArea.get(key) ?? 0) + 1);
    } else {
      // A list past the bound is new every time: counted now, from its own copy (the chunk's is handed over).
      const listOffers = Object.freeze(this.offersOf(this.key.subarray(0, OFFER_FIELDS * offers)));
      this.aggregator!.addToArea(place.area, listOffers, bestOffer(listOffers, this.setup.definitions), 1);
    }
    chunk.add(place.addressId, place.lon, place.lat, cell, place.area, number);
    if (chunk.count === CHUNK_LOCATIONS) {
      this.ready.push(chunk.done());
      this.chunk = new ChunkBuilder(this.numbers.size);
    }
  }

  /** The offers of a list's fields (OFFER_FIELDS an offer), as Offer objects. */
  private offersOf(key: Float64Array): Offer[] {
    const { providers } = this.setup;
    const offers: Offer[] = [];
    for (let i = 0; i < key.length / OFFER_FIELDS; i++) {
      const k = OFFER_FIELDS * i;
      const provider = key[k] < 0 ? null : providers[key[k]];
      const offer = offerOf(provider, key[k + 1], key[k + 2], key[k + 3], key[k + 4]);
      if (offer) offers.push(offer);
    }
    return offers;
  }
}

/** The columns of a chunk as it fills. */
class ChunkBuilder {
  count = 0;
  readonly lists: Offer[][] = [];
  readonly rejected: StagedReject[] = [];
  private readonly ids: string[] = [];
  private readonly lon = new Float64Array(CHUNK_LOCATIONS);
  private readonly lat = new Float64Array(CHUNK_LOCATIONS);
  private readonly cell = new Float64Array(CHUNK_LOCATIONS);
  private readonly area = new Int32Array(CHUNK_LOCATIONS);
  private readonly list = new Int32Array(CHUNK_LOCATIONS);

  constructor(private readonly firstList: number) {}

  add(id: string, lon: number, lat: number, cell: number, area: number, list: number): void {
    const i = this.count++;
    this.ids.push(id);
    this.lon[i] = lon;
    this.lat[i] = lat;
    this.cell[i] = cell;
    this.area[i] = area;
    this.list[i] = list;
  }

  done(): AssembledChunk {
    const n = this.count;
    return {
      count: n,
      ids: this.ids.join(ID_SEPARATOR),
      lon: this.lon.slice(0, n),
      lat: this.lat.slice(0, n),
      cell: this.cell.slice(0, n),
      area: this.area.slice(0, n),
      list: this.list.slice(0, n),
      firstList: this.firstList,
      lists: this.lists,
      rejected: this.rejected,
    };
  }
}

/** The buffers of a chunk, handed over between threads rather than copied. */
export function chunkBuffers(chunk: AssembledChunk): ArrayBuffer[] {
  return [chunk.lon, chunk.lat, chunk.cell, chunk.area, chunk.list].map((a) => a.buffer as ArrayBuffer);
}

/** The buffers of a message, handed over between threads rather than copied. */
export function messageBuffers(message: AssemblyMessage): ArrayBuffer[] {
  if ('chunk' in message) return chunkBuffers(message.chunk);
  return hexColumnBuffers(message.counts.rows.hex);
}

/**
 * An assembly's messages: from a worker (assembly-worker.ts), or made in this thread as they are taken,
 * locating with `locator` (the importing thread's, of `setup.areas`). close() gives the end of the
 * worker's thread, after which the staged files may be closed.
 */
export function startAssembly(
  setup: AssemblySetup,
  inWorker: boolean,
  locator: AreaLocator,
): { next(): AssemblyMessage | null; close(): Promise<void> | undefined } {
  if (!inWorker) {
    const assembly = new LocationAssembly(setup, locator);
    return { next: () => assembly.next(), close: () => void assembly.close() };
  }
  return new WorkerBatches<AssemblyMessage>(new URL('./assembly-worker.ts', import.meta.url), setup, {
    ahead: CHUNKS_AHEAD,
    task: 'assembling the staged locations',
  });
}
