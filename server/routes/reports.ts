// GET /api/v1/areas/{code}/report.pdf (the area report) and /api/v1/areas/{code}/uncovered.csv and
// .geojson (every uncovered address of the area).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { creditsOf, goalOf, resolveSelection, selectionShape, type AppContext, type Selection } from '../context.ts';
import { HttpError } from '../errors.ts';
import { parsePath, parseQuery } from '../params.ts';
import { REPORT_LANGS, type ReportLang } from '../report/model.ts';
import { ReportBusy, ReportTimeout, type ReportRenderer } from '../report/render-pool.ts';
import { uncoveredRows, type AreaSelection } from '../report/selection.ts';
import { csvOptionsShape, exportName, sendCsv, sendGeoJson } from '../export/http.ts';
import { exportMeta } from '../export/table.ts';
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

/** A report that ran over its time or found the queue full is the server's limit, not the request's fault: 503. */
function toHttp(err: unknown, csvPath: string): unknown {
  if (err instanceof ReportTimeout) {
    return new HttpError(
      503,
      'report_timeout',
      `The report could not be made in time (${err.message}). Every uncovered address is in ${csvPath}.`,
    );
  }
  if (err instanceof ReportBusy) return new HttpError(503, 'busy', `Too many reports are being made (${err.message}); try again shortly.`);
  return err;
}

export function reportsRoutes(ctx: AppContext, renderer: ReportRenderer): Router {
  const p = ctx.params;
  const path = z.object({ code: p.areaCode });
  const reportQuery = z.object({
    ...selectionShape(p),
    lang: z.enum(REPORT_LANGS).optional().meta({ description: 'report language; default from Accept-Language, else en' }),
  });
  const csvQuery = z.object({ ...selectionShape(p), technology: p.technology, ...csvOptionsShape });
  const geoJsonQuery = z.object({ ...selectionShape(p), technology: p.technology });

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
      const job = {
        code: s.area.code,
        release: s.release.label,
        threshold: s.threshold,
        lang: languageOf(req, q.lang),
        attribution: creditsOf(ctx),
        goal: goalOf(ctx),
      };
      const pdf = await renderer.render(job).catch((err: unknown) => {
        if (err instanceof ReportBusy) res.set('Retry-After', '5');
        throw toHttp(err, `/api/v1/areas/${encodeURIComponent(s.area.code)}/uncovered.csv`);
      });
      res
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="${fileName(s, 'report')}.pdf"`)
        .send(pdf);
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
      const meta = exportMeta(s.release);
      await sendCsv(res, fileName(s, 'uncovered'), uncoveredTable, uncoveredRows(ctx.store, s, q.technology), meta, q);
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
      const q = parseQuery(geoJsonQuery, req);
      const s = select(req, q);
      const meta = exportMeta(s.release);
      await sendGeoJson(res, fileName(s, 'uncovered'), uncoveredTable, uncoveredRows(ctx.store, s, q.technology), meta, {
        area: s.area.code,
        threshold: s.threshold,
      });
    },
  });
  return router;
}
