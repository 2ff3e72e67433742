// Maps a connection CSV header to the columns the import knows (names case-insensitive, order free).
import { printable, quoted } from '../../common/printable.ts';

export const KNOWN_COLUMNS = [
  'address_id',
  'postcode',
  'house_number',
  'house_letter',
  'house_number_suffix',
  'street',
  'city',
  'municipality_code',
  'lon',
  'lat',
  'x',
  'y',
  'provider',
  'technology',
  'max_down_mbps',
  'max_up_mbps',
] as const;
export type Column = (typeof KNOWN_COLUMNS)[number];

/** Column indexes in the file (-1 when absent), how many columns a row must have, unknown names. */
export interface ColumnMap {
  index: Record<Column, number>;
  width: number;
  coordinates: 'lonlat' | 'rd';
  unknown: string[];
}

/** A file the import cannot read as connections (unreadable, empty, or a header it cannot work with): the whole import is refused. */
export class FileError extends Error {}

export function mapColumns(file: string, header: string[]): ColumnMap {
  const index = Object.fromEntries(KNOWN_COLUMNS.map((c) => [c, -1])) as Record<Column, number>;
  const unknown: string[] = [];
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase() as Column;
    if (!(key in index)) unknown.push(printable(name.trim()));
    else if (index[key] >= 0) throw new FileError(`${file}:1: column '${key}' appears twice in the header; keep one.`);
    else index[key] = i;
  });
  if (index.address_id < 0) {
    throw new FileError(
      `${file}:1: the header has no 'address_id' column (found: ${header
        .slice(0, 20)
        .map((h) => quoted(h, 40))
        .join(', ')}${header.length > 20 ? ', …' : ''}). Add it; it identifies each address.`,
    );
  }
  const hasLonLat = index.lon >= 0 && index.lat >= 0;
  const hasRd = index.x >= 0 && index.y >= 0;
  if (!hasLonLat && !hasRd) {
    throw new FileError(`${file}:1: the header needs 'lon' and 'lat' (WGS84) or 'x' and 'y' (RD New) columns.`);
  }
  if (index.technology >= 0 && index.max_down_mbps < 0) {
    throw new FileError(`${file}:1: the header has 'technology' but no 'max_down_mbps'; every offer needs its download speed.`);
  }
  return { index, width: header.length, coordinates: hasLonLat ? 'lonlat' : 'rd', unknown };
}

/**
 * Parses a --columns mapping 'name=header,name=header': each known name is read from that header
 * column. Throws a plain Error for a malformed mapping (the caller reports it).
 */
export function parseColumnMapping(text: string | null | undefined, known: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  if (!text) return mapping;
  for (const pair of text.split(',')) {
    const [name, column, ...rest] = pair.split('=').map((s) => s.trim());
    if (!name || !column || rest.length > 0) throw new Error(`--columns: '${pair}' is not NAME=HEADER (e.g. house_number=hnr).`);
    if (!known.includes(name.toLowerCase())) throw new Error(`--columns: unknown column name '${name}' (known: ${known.join(', ')}).`);
    mapping.set(column.toLowerCase(), name.toLowerCase());
  }
  return mapping;
}

/** Header names lower-cased and trimmed, with --columns renames applied. */
export function renamedHeader(header: readonly string[], mapping: ReadonlyMap<string, string>): string[] {
  return header.map((h) => {
    const name = h.trim().toLowerCase();
    return mapping.get(name) ?? name;
  });
}
