// Reads a generated demo CSV back into addresses with their offers, for the demo tests.
import { CsvReader } from '../../pipeline/import/csv.ts';
import { CSV_HEADER } from '../../pipeline/demo/release-csv.ts';

export interface DemoRow {
  id: string;
  postcode: string;
  houseNumber: string;
  letter: string;
  suffix: string;
  street: string;
  city: string;
  municipality: string;
  lon: number;
  lat: number;
  /** The address fields joined, to compare an address across releases. */
  identity: string;
  offers: Array<{ provider: string; technology: string; down: number; up: number }>;
  bestDown: number;
}

export function readDemoCsv(path: string): Map<string, DemoRow> {
  const reader = new CsvReader(path);
  const header = reader.header()?.join(',');
  if (header !== CSV_HEADER) throw new Error(`${path}: unexpected header ${header}`);
  const rows = new Map<string, DemoRow>();
  for (let f = reader.next(); f !== null; f = reader.next()) {
    let row = rows.get(f[0]);
    if (!row) {
      row = {
        id: f[0],
        postcode: f[1],
        houseNumber: f[2],
        letter: f[3],
        suffix: f[4],
        street: f[5],
        city: f[6],
        municipality: f[7],
        lon: Number(f[8]),
        lat: Number(f[9]),
        identity: f.slice(0, 10).join('|'),
        offers: [],
        bestDown: 0,
      };
      rows.set(f[0], row);
    }
    if (f[11] !== '') {
      const offer = { provider: f[10], technology: f[11], down: Number(f[12]), up: Number(f[13]) };
      row.offers.push(offer);
      row.bestDown = Math.max(row.bestDown, offer.down);
    }
  }
  reader.close();
  return rows;
}
