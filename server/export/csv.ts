// An export table as CSV (common/csv.ts): header, one record per row with `release` and `synthetic`
// (and `location_precision` for a release of H3 cell centres),
// formula cells neutralised, spreadsheet options as asked.
import type { Writable } from 'node:stream';
import { csvFormat, type CsvDelimiter } from '../../common/csv.ts';
import { writeBatched, type Rows } from './stream.ts';
import { metaCells, metaColumns, type ExportMeta, type ExportTable } from './table.ts';

export interface CsvExportOptions {
  bom: boolean;
  delimiter: CsvDelimiter;
}

export function writeCsv<R>(
  out: Writable,
  table: ExportTable<R>,
  rows: Rows<R>,
  meta: ExportMeta,
  options: CsvExportOptions,
): Promise<void> {
  const csv = csvFormat({ ...options, neutraliseFormulas: true });
  const rowEnd = csv.separator + metaCells(meta).map(csv.cell).join(csv.separator);
  const head = csv.header([...table.columns, ...metaColumns(meta)]);
  const line = (row: R): string => {
    const cells = table.cells(row);
    return `${table.columns.map((c) => csv.cell(cells[c])).join(csv.separator)}${rowEnd}\r\n`;
  };
  return writeBatched(out, rows, line, head, '');
}
