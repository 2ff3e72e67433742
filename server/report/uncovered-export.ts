// Every uncovered address of an area as CSV (spreadsheet options) or RFC 7946 GeoJSON, written
// to a stream in batches that respect back-pressure. Synthetic data says so in every row.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AddressRow } from '../store/addresses.ts';

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (spreadsheets then read accents right). */
  bom: boolean;
  /**
   * Dutch (and most continental) Excel splits on `;` because `,` is its decimal separator: with
   * `semicolon`, numbers are written with a decimal comma too.
   */
  delimiter: 'comma' | 'semicolon';
}

export interface ExportMeta {
  release: string;
  synthetic: boolean;
}

const COLUMNS = [
  'address_id', 'postcode', 'house_number', 'house_letter', 'house_number_suffix', 'street', 'city', 'area_code',
  'lon', 'lat', 'best_technology', 'best_down', 'best_up',
] as const satisfies readonly (keyof AddressRow)[];
const DECIMALS = new Set<string>(['lon', 'lat', 'best_down', 'best_up']);
const BATCH = 1000;

/** Writes lines in batches; waits when the stream is full and stops if the reader went away. */
async function writeBatched<T>(out: Writable, items: AsyncIterable<T> | Iterable<T>, line: (item: T) => string, head: string, tail: string): Promise<void> {
  let buffer = head;
  let n = 0;
  for await (const item of items) {
    buffer += line(item);
    if (++n % BATCH === 0) {
      if (!out.write(buffer)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (out.destroyed) return;
      buffer = '';
    }
  }
  out.end(buffer + tail);
}

export function writeUncoveredCsv(out: Writable, rows: AsyncIterable<AddressRow> | Iterable<AddressRow>, meta: ExportMeta, options: CsvOptions): Promise<void> {
  const sep = options.delimiter === 'semicolon' ? ';' : ',';
  const special = new RegExp(`["\\r\\n${sep}]`);
  const field = (value: string | number | null, decimal: boolean): string => {
    if (value === null) return '';
    let text = String(value);
    if (decimal && sep === ';') text = text.replace('.', ',');
    return special.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rowEnd = `${sep}${field(meta.release, false)}${sep}${meta.synthetic}\r\n`;
  const head = `${options.bom ? '\uFEFF' : ''}${[...COLUMNS, 'release', 'synthetic'].join(sep)}\r\n`;
  return writeBatched(out, rows, (row) => COLUMNS.map((c) => field(row[c], DECIMALS.has(c))).join(sep) + rowEnd, head, '');
}

/** A FeatureCollection with `release` and `synthetic` as foreign members (RFC 7946 section 6.1). */
export function writeUncoveredGeoJson(out: Writable, rows: AsyncIterable<AddressRow> | Iterable<AddressRow>, meta: ExportMeta, extra: Record<string, unknown>): Promise<void> {
  let first = true;
  const head = `{"type":"FeatureCollection",${JSON.stringify({ ...meta, ...extra }).slice(1, -1)},"features":[`;
  const line = (row: AddressRow): string => {
    const feature = {
      type: 'Feature',
      id: row.address_id,
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: { ...Object.fromEntries(COLUMNS.filter((c) => c !== 'lon' && c !== 'lat').map((c) => [c, row[c]])), synthetic: meta.synthetic },
    };
    const text = `${first ? '' : ','}\n${JSON.stringify(feature)}`;
    first = false;
    return text;
  };
  return writeBatched(out, rows, line, head, '\n]}\n');
}
