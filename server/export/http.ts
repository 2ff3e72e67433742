// Every CSV and GeoJSON download of the API goes through here: the spreadsheet query options, the
// media types, the attachment file name, and the writers of one export table.
import type { Response } from 'express';
import { z } from 'zod';
import { writeCsv } from './csv.ts';
import { writeGeoJson } from './geojson.ts';
import type { Rows } from './stream.ts';
import type { ExportMeta, ExportTable } from './table.ts';

/** The query parameters every CSV export takes. */
export const csvOptionsShape = {
  bom: z.enum(['0', '1']).default('0').meta({ description: '1: start with a UTF-8 byte order mark (for spreadsheets)' }),
  delimiter: z
    .enum(['comma', 'semicolon'])
    .default('comma')
    .meta({ description: 'semicolon: `;` between fields and decimal commas, as Dutch Excel expects' }),
};
export type CsvQuery = z.output<z.ZodObject<typeof csvOptionsShape>>;

/** A file name safe for Content-Disposition, from its parts. */
export function exportName(...parts: (string | number)[]): string {
  return parts.join('-').replace(/[^\w.-]+/g, '_');
}

export function sendCsv<R>(
  res: Response,
  name: string,
  table: ExportTable<R>,
  rows: Rows<R>,
  meta: ExportMeta,
  q: CsvQuery,
): Promise<void> {
  res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
  return writeCsv(res, table, rows, meta, { bom: q.bom === '1', delimiter: q.delimiter });
}

/** A FeatureCollection; with a name it is a download (attachment), without one a JSON answer. */
export function sendGeoJson<R>(
  res: Response,
  name: string | null,
  table: ExportTable<R>,
  rows: Rows<R>,
  meta: ExportMeta,
  members: Record<string, unknown>,
): Promise<void> {
  res.type('application/geo+json');
  if (name !== null) res.attachment(`${name}.geojson`);
  return writeGeoJson(res, table, rows, meta, members);
}
