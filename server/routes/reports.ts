// GET /api/v1/areas/{code}/report.pdf (the area report) and /api/v1/areas/{code}/uncovered.csv and
// .geojson (every uncovered address of the area).
import { splitAttribution } from '../../common/attribution.ts';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { resolveSelection, selectionShape, type AppContext, type Selection } from '../context.ts';
import { parsePath, parseQuery } from '../params.ts';
import { createReportCollector } from '../report/collect.ts';
import { REPORT_LANGS, type ReportLang } from '../report/model.ts';
import { renderReport } from '../report/render.ts';
import { uncoveredRows, type AreaSelection } from '../report/selection.ts';
import { csvOptionsShape, exportName, sendCsv, sendGeoJson } from '../export/http.ts';
import { uncoveredTable } from '../export/uncovered.ts';
import { BINARY_BODY, TEXT_BODY, route } from '../route.ts';
import { UncoveredCollectionSchema } from '../../common/api.ts';

/** The explicit `lang`, else the client's Accept-Language, else English. */
function languageOf(req: Request, lang: ReportLang | undefined): ReportLang {
  if (lang) return lang;
  if (!req.get('accept-language')) return 'en';
  return (req.acceptsLanguages(...REPORT_LANGS) || 'en') as ReportLang;
}

function fileName(s: AreaSelection, kind: string): string {
  return exportName(kind, s.area.code, s.release.label, s.threshold.down);
}

export function reportsRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const path = z.object({ code: p.areaCode });
  const reportQuery = z.object({
    ...selectionShape(p),
    lang: z.enum(REPORT_LANGS).optional().meta({ description: 'report language; default from Accept-Language, else en' }),
  });
  const csvQuery = z.object({ ...selectionShape(p), ...csvOptionsShape });
  const geoJsonQuery = z.object(selectionShape(p));

  const attribution = splitAttribution(ctx.config.attribution);
  const collect = createReportCollector(ctx.store, attribution);
  function select(req: Request, q: Selection): AreaSelection {
    const area = ctx.store.areas.get(parsePath(path, req).code);
    const { release, threshold } = resolveSelection(ctx, q);
    return { area, release, threshold };
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/areas/{code}/report.pdf',
    tag: 'reports',
    summary: 'A4 PDF report of one area: figures, tables, trend, map and its uncovered addresses',
    params: path,
    query: reportQuery,
    produces: 'application/pdf',
    response: BINARY_BODY,
    handle: async (req, res) => {
      const q = parseQuery(reportQuery, req);
      const s = select(req, q);
      const pdf = await renderReport(collect(s), languageOf(req, q.lang));
      res.type('application/pdf').set('Content-Disposition', `inline; filename="${fileName(s, 'report')}.pdf"`).send(pdf);
    },
  });
  route(router, ctx, {
    path: '/api/v1/areas/{code}/uncovered.csv',
    tag: 'reports',
    summary: 'Every uncovered address of one area as CSV',
    params: path,
    query: csvQuery,
    produces: 'text/csv',
    response: TEXT_BODY,
    handle: async (req, res) => {
      const q = parseQuery(csvQuery, req);
      const s = select(req, q);
      const meta = { release: s.release.label, synthetic: s.release.synthetic };
      await sendCsv(res, fileName(s, 'uncovered'), uncoveredTable, uncoveredRows(ctx.store, s), meta, q);
    },
  });
  route(router, ctx, {
    path: '/api/v1/areas/{code}/uncovered.geojson',
    tag: 'reports',
    summary: 'Every uncovered address of one area as an RFC 7946 FeatureCollection',
    params: path,
    query: geoJsonQuery,
    produces: 'application/geo+json',
    response: UncoveredCollectionSchema,
    handle: async (req, res) => {
      const s = select(req, parseQuery(geoJsonQuery, req));
      const meta = { release: s.release.label, synthetic: s.release.synthetic };
      await sendGeoJson(res, fileName(s, 'uncovered'), uncoveredTable, uncoveredRows(ctx.store, s), meta, { area: s.area.code, threshold: s.threshold });
    },
  });
  return router;
}
