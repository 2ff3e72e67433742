// Assembles addresses from accepted rows: consecutive rows of one address_id form a group; an
// address_id seen earlier (in this file or another) is read back and merged. Conflicting location
// or area for an address rejects the later row.
import type { AddressRecord } from './address.ts';
import { bestOffer } from './address.ts';
import { AddressPointsBuilder } from '../clusters/points.ts';
import { AddressIndex, hashId } from './address-index.ts';
import type { Aggregator } from './aggregate.ts';
import type { AreaLocator } from './locate.ts';
import type { ConnectionRow, RowProblem } from './parse-row.ts';
import type { ImportStore } from './store.ts';

interface Group {
  record: AddressRecord;
  /** new: not stored yet; pending: queued in the store's batch; stored: written, update it. */
  state: 'new' | 'pending' | 'stored';
}

export class AddressAssembler {
  addresses = 0;
  /** Every address's location and final download class, for the clusters built after the load. */
  readonly points = new AddressPointsBuilder();
  private group: Group | null = null;
  private readonly firstId: number;
  private nextId: number;
  private readonly index: AddressIndex;
  private readonly areaByCode: Map<string, number>;

  constructor(
    private readonly store: ImportStore,
    private readonly locator: AreaLocator,
    private readonly aggregator: Aggregator,
    firstId: number,
  ) {
    this.firstId = firstId;
    this.nextId = firstId;
    this.index = new AddressIndex(firstId);
    this.areaByCode = new Map(locator.areas.map((a, i) => [a.code, i]));
  }

  /** Adds an accepted row; returns why the row must be rejected instead, or null. */
  add(row: ConnectionRow): RowProblem | null {
    const group = this.group;
    if (group === null || group.record.addressId !== row.addressId) {
      this.finishGroup();
      return this.startGroup(row);
    }
    return this.merge(group.record, row);
  }

  /** Completes the last address; call once after the last row. */
  finish(): void {
    this.finishGroup();
    this.store.flush();
  }

  private startGroup(row: ConnectionRow): RowProblem | null {
    const hash = hashId(row.addressId);
    const known = this.index.find(hash, (id) => this.store.addressIdOf(id) === row.addressId);
    if (known >= 0) {
      const pending = this.store.pending(known);
      const record = pending ?? this.store.loadAddress(known);
      this.aggregator.add(record, bestOffer(record.offers), -1);
      this.group = { record, state: pending ? 'pending' : 'stored' };
      return this.merge(record, row);
    }
    const area = this.areaOf(row);
    if (typeof area !== 'number') return area;
    const record: AddressRecord = {
      id: this.nextId++, addressId: row.addressId, postcode: row.postcode, houseNumber: row.houseNumber,
      houseLetter: row.houseLetter, suffix: row.suffix, street: row.street, city: row.city,
      area, lon: row.lon, lat: row.lat, offers: row.offer ? [row.offer] : [],
    };
    this.index.add(hash, record.id);
    this.addresses++;
    this.group = { record, state: 'new' };
    return null;
  }

  private areaOf(row: ConnectionRow): number | RowProblem {
    if (row.municipalityCode !== null) {
      const area = this.areaByCode.get(row.municipalityCode);
      if (area === undefined) return { field: 'municipality_code', reason: `unknown municipality code: '${row.municipalityCode}' is not in the loaded boundaries` };
      return area;
    }
    const area = this.locator.locate(row.lon, row.lat);
    if (area < 0) return { field: 'lon', reason: `point in no area: lon ${row.lon.toFixed(5)}, lat ${row.lat.toFixed(5)}` };
    return area;
  }

  private merge(record: AddressRecord, row: ConnectionRow): RowProblem | null {
    if (row.lon !== record.lon || row.lat !== record.lat) {
      return { field: 'lon', reason: `conflicting location: address_id ${row.addressId} at (${row.lon}, ${row.lat}), first at (${record.lon}, ${record.lat})` };
    }
    if (row.municipalityCode !== null && this.areaByCode.get(row.municipalityCode) !== record.area) {
      return { field: 'municipality_code', reason: `conflicting municipality: address_id ${row.addressId} in ${row.municipalityCode}, first in ${this.locator.areas[record.area]?.code}` };
    }
    if (row.offer) record.offers.push(row.offer);
    return null;
  }

  private finishGroup(): void {
    const group = this.group;
    if (group === null) return;
    this.group = null;
    const best = bestOffer(group.record.offers);
    this.aggregator.add(group.record, best, 1);
    this.points.set(group.record.id - this.firstId, group.record.lon, group.record.lat, best.downClass);
    if (group.state === 'new') this.store.addAddress(group.record);
    else if (group.state === 'stored') this.store.updateAddress(group.record);
  }
}
