// FCC BDC locations gathered over all files of an import before any is written: a location's rows
// come in one file per technology, so the row-by-row assembler (assemble.ts) wrote each location
// and then read it back, rewrote it and counted it again for every further file (~1.5 times a
// location). Here each location keeps its first position, area and cell in typed arrays and its
// offers in MatchedOffers, and is written and counted once, in first-seen order (the assembler's).
import { bestOffer, NO_ADDRESS_TEXT, type AddressRecord } from './address.ts';
import type { Aggregator } from './aggregate.ts';
import { areaOfRow, conflictOf } from './assemble.ts';
import type { AddressPointsBuilder } from '../clusters/points.ts';
import { finestCellKey } from './hex-key.ts';
import type { AreaLocator } from './locate.ts';
import { MatchedOffers } from './matched-offers.ts';
import type { RowProblem } from './parse-row.ts';
import type { BatchRow } from './row-batch.ts';
import type { ImportStore } from './store.ts';

/** A Float64Array that doubles when full. */
class Grown {
  values = new Float64Array(1 << 12);
  set(i: number, v: number): void {
    if (i >= this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[i] = v;
  }
}

export class LocationCollector {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly lon = new Grown();
  private readonly lat = new Grown();
  private readonly cell = new Grown();
  private readonly area = new Grown();
  private readonly offers = new MatchedOffers();

  constructor(private readonly locator: AreaLocator) {}

  /** Locations gathered so far. */
  get locations(): number {
    return this.ids.length;
  }

  /** Adds an accepted row; returns why the row must be rejected instead (as the assembler would), or null. */
  add(row: BatchRow): RowProblem | null {
    let n = this.numbers.get(row.addressId);
    if (n === undefined) {
      const area = areaOfRow(row, this.locator);
      if (typeof area !== 'number') return area;
      n = this.ids.push(row.addressId) - 1;
      this.numbers.set(row.addressId, n);
      this.lon.set(n, row.lon);
      this.lat.set(n, row.lat);
      this.area.set(n, area);
      this.cell.set(n, Number.isNaN(row.cell) ? finestCellKey(row.lat, row.lon) : row.cell);
    } else {
      const first = { addressId: row.addressId, lon: this.lon.values[n], lat: this.lat.values[n], area: this.area.values[n] };
      const problem = conflictOf(first, row, this.locator);
      if (problem) return problem;
    }
    const offer = row.offer;
    if (offer) this.offers.add(n, offer);
    return null;
  }

  /**
   * Writes every location once with all its offers (ids from `firstId` in first-seen order), counts
   * it and notes its point for the clusters; returns the number written.
   */
  write(store: ImportStore, aggregator: Aggregator, points: AddressPointsBuilder, firstId: number): number {
    this.offers.finish();
    // One record, every field refilled per location: the store, the aggregator and the points keep none of it.
    const record: AddressRecord = {
      id: 0,
      addressId: '',
      ...NO_ADDRESS_TEXT,
      lon: 0,
      lat: 0,
      area: 0,
      cell: 0,
      offers: [],
    };
    for (let n = 0; n < this.ids.length; n++) {
      record.id = firstId + n;
      record.addressId = this.ids[n];
      record.lon = this.lon.values[n];
      record.lat = this.lat.values[n];
      record.area = this.area.values[n];
      record.cell = this.cell.values[n];
      record.offers = this.offers.offersOf(n);
      const best = bestOffer(record.offers, aggregator.thresholds);
      store.addAddress(record, best);
      aggregator.add(record, best, 1);
      points.set(n, record.lon, record.lat, best.downClass, best.upClass);
    }
    return this.ids.length;
  }
}
