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
  /** `${area index}\t${name}` -> [addresses, sum of lon, sum of lat] */
  private readonly counts = new Map<string, [number, number, number]>();

  constructor(private readonly areaCodes: readonly string[]) {}

  /** Counts an address in (sign 1) or takes it back out (sign -1). Addresses without a place are skipped. */
  add(address: AddressRecord, sign: 1 | -1): void {
    if (!address.city) return;
    const key = `${address.area}\t${address.city}`;
    let entry = this.counts.get(key);
    if (!entry) this.counts.set(key, (entry = [0, 0, 0]));
    entry[0] += sign;
    entry[1] += sign * address.lon;
    entry[2] += sign * address.lat;
  }

  rows(): PlaceRow[] {
    const rows: PlaceRow[] = [];
    for (const [key, [addresses, sumLon, sumLat]] of this.counts) {
      if (addresses === 0) continue;
      const tab = key.indexOf('\t');
      rows.push({ name: key.slice(tab + 1), areaCode: this.areaCodes[Number(key.slice(0, tab))], addresses, sumLon, sumLat });
    }
    return rows;
  }
}
