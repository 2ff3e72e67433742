// GET /api/v1/uncovered (GeoJSON pages, keyset cursor) and /api/v1/uncovered.csv (every row, streamed).
import { Router, type Response } from 'express';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ADDRESS_LEVEL } from '../../common/constants.ts';
import { resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { encodeCursor, parseQuery, type Bbox } from '../params.ts';
import type { AddressRow } from '../store/addresses.ts';
import type { UncoveredQuery } from '../store/uncovered.ts';

/** Addresses are assigned to the first (finest) level; coarser areas are sets of those. */

const CSV_COLUMNS = [
  'address_id', 'postcode', 'house_number', 'house_letter', 'house_number_suffix', 'street', 'city',
  'area_code', 'lon', 'lat', 'best_down', 'best_up', 'best_technology',
] as const satisfies readonly (keyof AddressRow)[];

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function* csvLines(rows: AsyncIterable<AddressRow>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const row of rows) yield `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
}

function toFeature(row: AddressRow) {
  const { id: _id, lon, lat, offers: _offers, down_class: _dc, up_class: _uc, ...properties } = row;
  return { type: 'Feature' as const, id: row.address_id, geometry: { type: 'Point' as const, coordinates: [lon, lat] }, properties };
}

export function uncoveredRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const where = {
    area: p.areaCode.optional().meta({ description: 'area code (any level); `area` or `bbox` is required' }),
    bbox: p.bbox.optional(),
  };
  const csvQuery = z.object({ ...selectionShape(p), ...where });
  const pageQuery = z.object({ ...selectionShape(p), ...where, limit: p.limit, cursor: p.cursor });
  ctx.describe({
    path: '/api/v1/uncovered',
    tag: 'addresses',
    summary: 'Uncovered addresses of an area or bbox as a GeoJSON FeatureCollection, paged by next_cursor',
    query: pageQuery,
    produces: 'application/geo+json',
  });
  ctx.describe({ path: '/api/v1/uncovered.csv', tag: 'addresses', summary: 'Every uncovered address of an area or bbox as CSV', query: csvQuery, produces: 'text/csv' });

  function search(q: z.output<typeof csvQuery>): { resolved: ReturnType<typeof resolveSelection>; query: UncoveredQuery } {
    if (q.area === undefined && q.bbox === undefined) {
      throw new HttpError(400, 'missing_parameter', 'Give `area` (an area code) or `bbox` (west,south,east,north).', 'area');
    }
    const resolved = resolveSelection(ctx, q);
    let areaCodes: string[];
    if (q.area !== undefined) {
      areaCodes = ctx.store.areas.addressCodes(ctx.store.areas.get(q.area, 'area'));
    } else {
      areaCodes = ctx.store.areas.codesInBbox(ADDRESS_LEVEL, q.bbox as Bbox);
    }
    return { resolved, query: { release: resolved.release.id, areaCodes, bbox: q.bbox, threshold: resolved.threshold } };
  }

  function sendCsv(res: Response, rows: AsyncIterable<AddressRow>, name: string): void {
    res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
    const stream = Readable.from(csvLines(rows));
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  return Router()
    .get('/api/v1/uncovered', (req, res) => {
      const q = parseQuery(pageQuery, req);
      const { resolved, query } = search(q);
      const page = ctx.store.uncovered.page(query, q.cursor ?? 0, q.limit);
      res.type('application/geo+json').json({
        type: 'FeatureCollection',
        ...resolved.echo,
        next_cursor: page.nextAfter === null ? null : encodeCursor(page.nextAfter),
        features: page.rows.map(toFeature),
      });
    })
    .get('/api/v1/uncovered.csv', (req, res) => {
      const q = parseQuery(csvQuery, req);
      const { resolved, query } = search(q);
      sendCsv(res, ctx.store.uncovered.stream(query), `uncovered-${q.area ?? 'bbox'}-${resolved.release.label}-${resolved.threshold.down}`);
    });
}
