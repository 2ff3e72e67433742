// GET /api/v1/areas/{code}/report.pdf (the area report) and /api/v1/areas/{code}/uncovered.csv and
// .geojson (every uncovered address of the area).
import { splitAttribution } from '../../common/attribution.ts';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { resolveSelection, selectionShape, type AppContext, type Selection } from '../context.ts';
import { HttpError } from '../errors.ts';
import { parsePath, parseQuery } from '../params.ts';
import { REPORT_LANGS, type ReportLang } from '../report/model.ts';
import { ReportBusy, ReportTimeout, type ReportRenderer } from '../report/render-pool.ts';
import { uncoveredRows, type AreaSelection } from '../report/selection.ts';
import { writeUncoveredCsv, writeUncoveredGeoJson } from '../report/uncovered-export.ts';

/** The explicit `lang`, else the client's Accept-Language, else English. */
function languageOf(req: Request, lang: ReportLang | undefined): ReportLang {
  if (lang) return lang;
  if (!req.get('accept-language')) return 'en';
  return (req.acceptsLanguages(...REPORT_LANGS) || 'en') as ReportLang;
}

function fileName(s: AreaSelection, kind: string): string {
  return `${kind}-${s.area.code}-${s.release.label}-${s.threshold.down}`.replace(/[^\w.-]+/g, '_');
}

/** A report that ran over its time or found the queue full is the server's limit, not the request's fault: 503. */
function toHttp(err: unknown, csvPath: string): unknown {
  if (err instanceof ReportTimeout) {
    return new HttpError(503, 'report_timeout', `The report could not be made in time (${err.message}). Every uncovered address is in ${csvPath}.`);
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
  const csvQuery = z.object({
    ...selectionShape(p),
    bom: z.enum(['0', '1']).default('0').meta({ description: '1: start with a UTF-8 byte order mark (for spreadsheets)' }),
    delimiter: z.enum(['comma', 'semicolon']).default('comma')
      .meta({ description: 'semicolon: `;` between fields and decimal commas, as Dutch Excel expects' }),
  });
  const geoJsonQuery = z.object(selectionShape(p));
  const describe = (suffix: string, summary: string, query: z.ZodObject, produces: string) =>
    ctx.describe({ path: `/api/v1/areas/{code}/${suffix}`, tag: 'reports', summary, params: path, query, produces });
  describe('report.pdf', 'A4 PDF report of one area: figures, tables, trend, map and its uncovered addresses', reportQuery, 'application/pdf');
  describe('uncovered.csv', 'Every uncovered address of one area as CSV', csvQuery, 'text/csv');
  describe('uncovered.geojson', 'Every uncovered address of one area as an RFC 7946 FeatureCollection', geoJsonQuery, 'application/geo+json');

  const attribution = splitAttribution(ctx.config.attribution);
  function select(req: Request, q: Selection): AreaSelection {
    const area = ctx.store.areas.get(parsePath(path, req).code);
    const { release, threshold } = resolveSelection(ctx, q);
    return { area, release, threshold };
  }

  return Router()
    .get('/api/v1/areas/:code/report.pdf', async (req, res) => {
      const q = parseQuery(reportQuery, req);
      const s = select(req, q);
      const job = { code: s.area.code, release: s.release.label, threshold: s.threshold, lang: languageOf(req, q.lang), attribution };
      const pdf = await renderer.render(job).catch((err: unknown) => {
        if (err instanceof ReportBusy) res.set('Retry-After', '5');
        throw toHttp(err, `/api/v1/areas/${encodeURIComponent(s.area.code)}/uncovered.csv`);
      });
      res.type('application/pdf').set('Content-Disposition', `inline; filename="${fileName(s, 'report')}.pdf"`).send(pdf);
    })
    .get('/api/v1/areas/:code/uncovered.csv', async (req, res) => {
      const q = parseQuery(csvQuery, req);
      const s = select(req, q);
      res.type('text/csv; charset=utf-8').attachment(`${fileName(s, 'uncovered')}.csv`);
      const meta = { release: s.release.label, synthetic: s.release.synthetic };
      await writeUncoveredCsv(res, uncoveredRows(ctx.store, s), meta, { bom: q.bom === '1', delimiter: q.delimiter });
    })
    .get('/api/v1/areas/:code/uncovered.geojson', async (req, res) => {
      const s = select(req, parseQuery(geoJsonQuery, req));
      res.type('application/geo+json').attachment(`${fileName(s, 'uncovered')}.geojson`);
      const meta = { release: s.release.label, synthetic: s.release.synthetic };
      await writeUncoveredGeoJson(res, uncoveredRows(ctx.store, s), meta, { area: s.area.code, threshold: s.threshold });
    });
}
