// GET /api/v1/uncovered (GeoJSON pages, keyset cursor) and /api/v1/uncovered.csv (every row, streamed).
import { Router } from 'express';
import { z } from 'zod';
import { resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { encodeCursor, parseQuery, type Bbox } from '../params.ts';
import { csvOptionsShape, exportName, sendCsv, sendGeoJson } from '../export/http.ts';
import { uncoveredTable } from '../export/uncovered.ts';
import { TEXT_BODY, route } from '../route.ts';
import { UncoveredCollectionSchema } from '../../common/api.ts';
import type { UncoveredQuery } from '../store/uncovered.ts';

export function uncoveredRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const where = {
    area: p.areaCode.optional().meta({ description: 'area code (any level); `area` or `bbox` is required' }),
    bbox: p.bbox.optional(),
    technology: p.technology,
  };
  const whereQuery = z.object({ ...selectionShape(p), ...where });
  const csvQuery = z.object({ ...selectionShape(p), ...where, ...csvOptionsShape });
  const pageQuery = z.object({ ...selectionShape(p), ...where, limit: p.limit, cursor: p.cursor });
  function search(q: z.output<typeof whereQuery>): { resolved: ReturnType<typeof resolveSelection>; query: UncoveredQuery } {
    if (q.area === undefined && q.bbox === undefined) {
      throw new HttpError(400, 'missing_parameter', 'Give `area` (an area code) or `bbox` (west,south,east,north).', 'area');
    }
    const resolved = resolveSelection(ctx, q);
    let areaCodes: string[];
    if (q.area !== undefined) {
      areaCodes = ctx.store.areas.addressCodes(ctx.store.areas.get(q.area, 'area'));
    } else {
      areaCodes = ctx.store.areas.codesInBbox(ctx.store.areas.addressLevel(), q.bbox as Bbox);
    }
    return {
      resolved,
      query: { release: resolved.release.id, areaCodes, bbox: q.bbox, threshold: resolved.threshold, technologies: q.technology },
    };
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/uncovered',
    tag: 'addresses',
    summary: 'Uncovered addresses of an area or bbox as a GeoJSON FeatureCollection, paged by next_cursor',
    query: pageQuery,
    produces: 'application/geo+json',
    response: UncoveredCollectionSchema,
    handle: async (req, res) => {
      const q = parseQuery(pageQuery, req);
      const { resolved, query } = search(q);
      const page = ctx.store.uncovered.page(query, q.cursor ?? 0, q.limit);
      const next_cursor = page.nextAfter === null ? null : encodeCursor(page.nextAfter);
      await sendGeoJson(res, null, uncoveredTable, page.rows, resolved.meta, { threshold: resolved.threshold, next_cursor });
    },
  });
  route(router, ctx, {
    path: '/api/v1/uncovered.csv',
    tag: 'addresses',
    summary: 'Every uncovered address of an area or bbox as CSV',
    query: csvQuery,
    produces: 'text/csv',
    response: TEXT_BODY,
    handle: async (req, res) => {
      const q = parseQuery(csvQuery, req);
      const { resolved, query } = search(q);
      const name = exportName('uncovered', q.area ?? 'bbox', resolved.release.label, resolved.threshold.down);
      await sendCsv(res, name, uncoveredTable, ctx.store.uncovered.stream(query), resolved.meta, q);
    },
  });
  return router;
}
