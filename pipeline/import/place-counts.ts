// Places (the `city` of the addresses: woonplaatsen in the Netherlands) counted while the import
// runs: addresses and summed position per (area, name), written to place_stats so that the map's
// place names and the search box rank places from a few thousand rows instead of scanning the release.
import type { AddressRecord } from './address.ts';

export interface PlaceRow {
  name: string;
  areaCode: string;
  addresses: number;
  sumLon: number;
  sumLat: number;
}

export class PlaceCounts {
  /** Per area index: name -> [addresses, sum of lon, sum of lat]. */
  private readonly byArea: Map<string, [number, number, number]>[] = [];
  /** Every (area, name) in the order first counted, with its counts. */
  private readonly order: { area: number; name: string; counts: [number, number, number] }[] = [];

  constructor(private readonly areaCodes: readonly string[]) {}

  /** Counts an address in (sign 1) or takes it back out (sign -1). Addresses without a place are skipped. */
  add(address: AddressRecord, sign: 1 | -1): void {
    if (!address.city) return;
    const names = (this.byArea[address.area] ??= new Map());
    let entry = names.get(address.city);
    if (!entry) {
      names.set(address.city, (entry = [0, 0, 0]));
      this.order.push({ area: address.area, name: address.city, counts: entry });
    }
    entry[0] += sign;
    entry[1] += sign * address.lon;
    entry[2] += sign * address.lat;
  }

  rows(): PlaceRow[] {
    const rows: PlaceRow[] = [];
    for (const { area, name, counts } of this.order) {
      const [addresses, sumLon, sumLat] = counts;
      if (addresses === 0) continue;
      rows.push({ name, areaCode: this.areaCodes[area], addresses, sumLon, sumLat });
    }
    return rows;
  }
}
