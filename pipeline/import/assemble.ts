// Assembles addresses from accepted rows: consecutive rows of one address_id form a group; an
// address_id seen earlier (in this file or another) is read back and merged. Conflicting location
// or area for an address rejects the later row. A location whose rows were all gathered first
// (an FCC BDC location, location-stage.ts) is assembled at once (staged-assembly.ts) and written here
// with addAssembled.
import type { AddressRecord } from './address.ts';
import { bestOffer, type BestOffer, NO_ADDRESS_TEXT } from './address.ts';
import type { ClassThresholds } from '../../common/definitions.ts';
import { MAX_OFFER_SETS } from './offer-sets.ts';
import { AddressPointsBuilder } from '../clusters/points.ts';
import { AddressIndex, addressIndexCapacity, hashId } from './address-index.ts';
import type { Aggregator } from './aggregate.ts';
import { finestCellKey } from '../../common/hex-key.ts';
import { cellCombos, type CellCombos } from '../../common/hex-counts.ts';
import { type AssembledChunk, ID_SEPARATOR } from './staged-assembly.ts';
import type { AreaLocator } from './locate.ts';
import type { RowProblem } from './parse-row.ts';
import { AREA_NONE, AREA_NOT_LOCATED, AREA_UNKNOWN_CODE, type BatchRow } from './row-batch.ts';
import type { ImportStore } from './store.ts';

/** What the area and conflict checks read of a row (a BatchRow, or a staged row). */
interface PlacedRow {
  readonly addressId: string;
  readonly lon: number;
  readonly lat: number;
  readonly area: number;
  readonly hasMunicipalityCode: boolean;
  /** The code as the row gave it, when it has one (for messages; a staged row's is its area's). */
  readonly municipalityCode?: string | null;
}

/** The area of a row's address: the one its code names, or where its point lies; or why there is none. */
export function areaOfRow(row: PlacedRow, locator: AreaLocator): number | RowProblem {
  const area = row.area === AREA_NOT_LOCATED ? locator.locate(row.lon, row.lat) : row.area;
  if (area === AREA_UNKNOWN_CODE)
    return { field: 'municipality_code', reason: `unknown municipality code: '${row.municipalityCode}' is not in the loaded boundaries` };
  if (area === AREA_NONE) return { field: 'lon', reason: `point in no area: lon ${row.lon.toFixed(5)}, lat ${row.lat.toFixed(5)}` };
  return area;
}

/** Why a later row of an address contradicts its first (another location or area), or null. */
export function conflictOf(
  first: { addressId: string; lon: number; lat: number; area: number },
  row: PlacedRow,
  locator: AreaLocator,
): RowProblem | null {
  if (row.lon !== first.lon || row.lat !== first.lat) {
    return {
      field: 'lon',
      reason: `conflicting location: address_id ${row.addressId} at (${row.lon}, ${row.lat}), first at (${first.lon}, ${first.lat})`,
    };
  }
  if (row.hasMunicipalityCode && row.area !== first.area) {
    return {
      field: 'municipality_code',
      reason: `conflicting municipality: address_id ${row.addressId} in ${row.municipalityCode ?? locator.areas[row.area]?.code}, first in ${locator.areas[first.area]?.code}`,
    };
  }
  return null;
}

/** A row's finest cell key: the reader's, or found from its point where the reader did not. */
export function cellOf(row: { cell: number; lat: number; lon: number }): number {
  return Number.isNaN(row.cell) ? finestCellKey(row.lat, row.lon) : row.cell;
}

/** A staged row that addLocation leaves out (its file index and line), and why. */
export interface StagedReject {
  file: number;
  line: number;
  problem: RowProblem;
}

interface Group {
  record: AddressRecord;
  /** new: not stored yet; stored: written, update it. */
  state: 'new' | 'stored';
}

/**
 * Most addresses the arrays are sized for ahead (8.4 M: ~190 MiB of points and ~130 MiB of index);
 * more grow as they come, so a wrong guess for a big input cannot take much more memory than it needs.
 */
const MAX_PRESIZED_ADDRESSES = 1 << 23;

export class AddressAssembler {
  addresses = 0;
  /** Every address's location, final classes, area and best technology, for the clusters built after the load. */
  readonly points: AddressPointsBuilder;
  private group: Group | null = null;
  private readonly firstId: number;
  private nextId: number;
  private readonly index: AddressIndex;

  constructor(
    private readonly store: ImportStore,
    private readonly locator: AreaLocator,
    private readonly aggregator: Aggregator,
    firstId: number,
    expectedAddresses = 0,
  ) {
    this.firstId = firstId;
    this.nextId = firstId;
    // Sized for the addresses expected, so that millions are not copied over and over while the arrays grow.
    const expected = Math.ceil(Math.min(MAX_PRESIZED_ADDRESSES, expectedAddresses));
    this.index = new AddressIndex(firstId, addressIndexCapacity(expected));
    this.points = new AddressPointsBuilder(true, Math.max(1024, expected));
  }

  /** Adds an accepted row; returns why the row must be rejected instead, or null. */
  add(row: BatchRow): RowProblem | null {
    const group = this.group;
    if (group === null || group.record.addressId !== row.addressId) {
      this.finishGroup();
      return this.startGroup(row);
    }
    return this.merge(group.record, row);
  }

  /**
   * Writes a chunk of assembled locations (staged-assembly.ts, which counts them per area and provider):
   * each gets the next id, is counted in its H3 cell and kept as a point for the clusters. `lists` holds
   * every list met so far by number, and takes the chunk's new ones.
   */
  addAssembled(chunk: AssembledChunk, lists: AssembledLists): void {
    lists.take(chunk);
    const { ids } = chunk;
    // One record, refilled per location: the store keeps none of it.
    const record: AddressRecord = { id: 0, addressId: '', ...NO_ADDRESS_TEXT, lon: 0, lat: 0, area: 0, cell: 0, offers: [] };
    // Each id cut out as its row is written, not all at once: 65,536 strings alive through the chunk
    // were copied by every young collection meanwhile.
    let start = 0;
    for (let i = 0; i < chunk.count; i++) {
      const end = i === chunk.count - 1 ? ids.length : ids.indexOf(ID_SEPARATOR, start);
      record.id = this.nextId++;
      record.addressId = ids.slice(start, end);
      start = end + 1;
      record.lon = chunk.lon[i];
      record.lat = chunk.lat[i];
      record.area = chunk.area[i];
      const { best, columns, combos } = lists.get(chunk.list[i]);
      this.addresses++;
      this.aggregator.addToCell(chunk.cell[i], combos);
      this.points.set(record.id - this.firstId, record.lon, record.lat, best.downClass, best.upClass, record.area, best.technology);
      this.store.addAddressWith(record, columns);
    }
    lists.forgetUnshared(chunk);
  }

  /** Completes the last address; call once after the last row. */
  finish(): void {
    this.finishGroup();
    this.store.flushAddresses();
  }

  private startGroup(row: BatchRow): RowProblem | null {
    const hash = hashId(row.addressId);
    // A hash hit is confirmed by the stored address_id, read with the rest of the record to merge into.
    let loaded = null as AddressRecord | null;
    const known = this.index.find(hash, (id) => (loaded = this.store.loadAddress(id, row)).addressId === row.addressId);
    if (known >= 0 && loaded) {
      const record = loaded;
      this.aggregator.add(record, bestOffer(record.offers, this.aggregator.thresholds), -1);
      this.group = { record, state: 'stored' };
      return this.merge(record, row);
    }
    const area = areaOfRow(row, this.locator);
    if (typeof area !== 'number') return area;
    const offer = row.offer;
    const record: AddressRecord = { id: this.nextId++, ...row.fields(), area, cell: cellOf(row), offers: offer ? [offer] : [] };
    this.index.add(hash, record.id);
    this.addresses++;
    this.group = { record, state: 'new' };
    return null;
  }

  private merge(record: AddressRecord, row: BatchRow): RowProblem | null {
    const problem = conflictOf(record, row, this.locator);
    if (problem) return problem;
    const offer = row.offer;
    if (offer) record.offers.push(offer);
    return null;
  }

  private finishGroup(): void {
    const group = this.group;
    if (group === null) return;
    this.group = null;
    this.complete(group);
  }

  /** Counts an address with its best offer, and writes it (new) or rewrites it (stored). */
  private complete({ record, state }: Group): void {
    const best = bestOffer(record.offers, this.aggregator.thresholds);
    this.aggregator.add(record, best, 1);
    this.points.set(record.id - this.firstId, record.lon, record.lat, best.downClass, best.upClass, record.area, best.technology);
    if (state === 'new') this.store.addAddress(record, best);
    else this.store.updateAddress(record, best);
  }
}

/** An assembly's list of offers: its best offer, and its stored columns (best offer, offer set). */
interface AssembledList {
  best: BestOffer;
  columns: readonly unknown[];
  /** The best offer's classes as the H3 cell counts take them. */
  combos: CellCombos;
}

/** The lists of an assembly by number, each worked out once as its first chunk comes. */
export class AssembledLists {
  private readonly lists: (AssembledList | undefined)[] = [];

  constructor(
    private readonly store: ImportStore,
    private readonly thresholds: ClassThresholds,
    /** Numbers from this on are of lists met once (ListNumbers' bound): forgotten after their chunk. */
    private readonly shared = MAX_OFFER_SETS,
  ) {}

  take(chunk: AssembledChunk): void {
    chunk.lists.forEach((offers, i) => {
      const best = bestOffer(offers, this.thresholds);
      this.lists[chunk.firstList + i] = { best, columns: this.store.bestColumns(offers, best), combos: cellCombos(best) };
    });
  }

  get(number: number): AssembledList {
    const list = this.lists[number];
    if (list === undefined) throw new Error(`assembled list ${number} was never handed over`);
    return list;
  }

  /** Lets go of the chunk's lists that no later location can name. */
  forgetUnshared(chunk: AssembledChunk): void {
    for (let n = Math.max(this.shared, chunk.firstList); n < chunk.firstList + chunk.lists.length; n++) this.lists[n] = undefined;
  }
}
