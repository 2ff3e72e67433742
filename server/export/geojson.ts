// An export table as an RFC 7946 FeatureCollection, streamed: scalar properties only (GDAL turns
// each into a field, and drops lists and foreign members), `release` and `synthetic` in every
// feature's properties, coordinates rounded. Foreign members (e.g. totals, next_cursor) go in the head.
import type { Writable } from 'node:stream';
import { formatNumber } from '../../common/csv.ts';
import { writeBatched, type Rows } from './stream.ts';
import { metaMembers, roundGeometry, type Cell, type ExportMeta, type ExportTable } from './table.ts';

/** Numbers without float noise (JSON.stringify would print 6.314966000000001). */
const tidy = (cell: Cell): Cell => (typeof cell === 'number' ? Number(formatNumber(cell)) : cell);

export function geoJsonFeature<R>(table: ExportTable<R>, row: R, meta: ExportMeta) {
  const cells = table.cells(row);
  const skip = new Set(table.inGeometry ?? []);
  const properties: Record<string, Cell> = {};
  for (const c of table.columns) if (!skip.has(c)) properties[c] = tidy(cells[c]);
  properties.release = meta.release;
  properties.synthetic = meta.synthetic;
  if (meta.location_precision) properties.location_precision = meta.location_precision;
  return { type: 'Feature' as const, id: table.id(row), geometry: roundGeometry(table.geometry(row)), properties };
}

/** Writes the collection; `members` are foreign members placed after `type` (RFC 7946 section 6.1). */
export function writeGeoJson<R>(
  out: Writable,
  table: ExportTable<R>,
  rows: Rows<R>,
  meta: ExportMeta,
  members: Record<string, unknown>,
): Promise<void> {
  let first = true;
  const head = `{"type":"FeatureCollection",${JSON.stringify({ ...metaMembers(meta), ...members }).slice(1, -1)},"features":[`;
  const line = (row: R): string => {
    const text = `${first ? '' : ','}\n${JSON.stringify(geoJsonFeature(table, row, meta))}`;
    first = false;
    return text;
  };
  return writeBatched(out, rows, line, head, '\n]}\n');
}
