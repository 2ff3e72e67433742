// GET /api/v1/changes (what changed between two releases, nationally, in one area, or per area of a level)
// and /api/v1/changes/addresses.csv|.geojson (the addresses behind each figure, streamed).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CHANGE_KINDS, NATION } from '../../common/changes.ts';
import type { AreaLevel } from '../../common/constants.ts';
import { ChangeCollectionSchema, ChangesSchema, type AreaChange, type ChangeFigures, type Changes } from '../../common/api.ts';
import { pairShape, resolvePair, type ResolvedPair } from '../change-pair.ts';
import { areaChangeFigures, levelChangeFigures, type Pair } from '../change-figures.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { changesTable } from '../export/changes.ts';
import { csvOptionsShape, exportName, sendCsv, sendGeoJson } from '../export/http.ts';
import { exportMeta } from '../export/table.ts';
import { parseQuery, type Bbox } from '../params.ts';
import { TEXT_BODY, route } from '../route.ts';
import type { PairDiff } from '../store/changes.ts';

/** Every figure `sort` takes (largest first), and `name`/`code` (A to Z). */
const FIGURES = [
  'addresses_from',
  'addresses_to',
  'newly_covered',
  'lost',
  'added',
  'added_covered',
  'removed',
  'removed_covered',
  'net_change_uncovered',
] as const satisfies readonly (keyof ChangeFigures)[];
const SORTS = [...FIGURES, 'name', 'code'] as const;

export function changesRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const query = z.object({
    ...pairShape(p),
    area: p.areaCode.optional().meta({ description: 'area code (any level); without it, the nation and `areas`' }),
    level: p.level
      .optional()
      .meta({ description: 'level of `areas` (without `area`); default: the level addresses belong to (municipality in NL)' }),
    sort: z.enum(SORTS).optional().meta({ description: 'order of `areas`: a figure (largest first), or name/code (A to Z); default name' }),
  });
  const where = {
    kind: z.enum(CHANGE_KINDS).meta({ description: 'which figure the addresses are behind' }),
    area: p.areaCode.optional().meta({ description: 'area code (any level); default: the whole data set' }),
    bbox: p.bbox.optional(),
  };
  const csvQuery = z.object({ ...pairShape(p), ...where, ...csvOptionsShape });
  const geoJsonQuery = z.object({ ...pairShape(p), ...where });

  function areaList(pair: Pair, level: AreaLevel, sort: (typeof SORTS)[number]): AreaChange[] {
    const list = levelChangeFigures(ctx.store, pair, level);
    if (sort === 'name' || sort === 'code') return list.sort((a, b) => a[sort].localeCompare(b[sort]) || a.code.localeCompare(b.code));
    return list.sort((a, b) => b[sort] - a[sort] || a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
  }

  /** The request checked and its pair resolved (400/404 before anything is loaded). */
  function changesRequest(req: Request) {
    const q = parseQuery(query, req);
    if (q.area !== undefined && (q.level !== undefined || q.sort !== undefined)) {
      const parameter = q.level !== undefined ? 'level' : 'sort';
      throw new HttpError(
        400,
        'invalid_parameter',
        `\`${parameter}\` orders the list of areas, which an answer for one \`area\` has not.`,
        parameter,
      );
    }
    const pair = resolvePair(ctx, q);
    const area = q.area === undefined ? null : ctx.store.areas.get(q.area, 'area');
    const level = area ? null : (q.level ?? ctx.store.areas.addressLevel());
    const levels = ctx.store.areas.levels();
    if (q.level !== undefined && !levels.includes(q.level)) {
      throw new HttpError(
        400,
        'invalid_parameter',
        `Unknown area level '${q.level}'; loaded levels: ${levels.join(', ') || 'none'}.`,
        'level',
      );
    }
    return { q, pair, area, level };
  }

  function changes({ q, pair, area, level }: ReturnType<typeof changesRequest>, diff: PairDiff): Changes {
    const loaded = { ...pair, diff };
    return {
      from: pair.from.label,
      to: pair.to.label,
      from_as_of: pair.from.as_of,
      to_as_of: pair.to.as_of,
      threshold: pair.threshold,
      synthetic: pair.from.synthetic || pair.to.synthetic,
      area: area && { code: area.code, name: area.name, level: area.level },
      level,
      ...(area
        ? areaChangeFigures(ctx.store, loaded, area.level, area.code)
        : areaChangeFigures(ctx.store, loaded, NATION.level, NATION.code)),
      ...(level ? { areas: areaList(loaded, level, q.sort ?? 'name') } : {}),
    };
  }

  /** The pair's diff, from a worker when the import did not store it (the event loop stays free). */
  const load = (pair: ResolvedPair) => ctx.store.changes.load(pair.from.id, pair.to.id);

  async function selection<S extends typeof geoJsonQuery | typeof csvQuery>(schema: S, req: Request) {
    const q = parseQuery(schema, req) as z.output<S>;
    const pair = resolvePair(ctx, q);
    const areaCodes = q.area === undefined ? undefined : ctx.store.areas.addressCodes(ctx.store.areas.get(q.area, 'area'));
    const diff = await ctx.store.changes.loadAddresses(pair.from.id, pair.to.id);
    const rows = ctx.store.changes.rows(diff, q.kind, pair.threshold, { areaCodes, bbox: q.bbox as Bbox | undefined });
    const table = changesTable(q.kind, pair.from.label, pair.to.label);
    const source = q.kind === 'removed' ? pair.from : pair.to;
    const meta = { ...exportMeta(source), synthetic: pair.from.synthetic || pair.to.synthetic };
    const name = exportName('changes', q.kind, q.area ?? (q.bbox ? 'bbox' : 'all'), pair.from.label, pair.to.label, pair.threshold.down);
    return { q, pair, rows, table, meta, name };
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/changes',
    tag: 'areas',
    summary: 'What changed between two releases: newly covered, lost, added and removed addresses, nationally or per area',
    query,
    response: ChangesSchema,
    handle: async (req, res) => {
      const request = changesRequest(req);
      // A cached answer needs no diff: only a request that builds one waits for it.
      const diff = ctx.json.has(req) ? null : await load(request.pair);
      ctx.json.send(req, res, () => changes(request, diff ?? ctx.store.changes.pair(request.pair.from.id, request.pair.to.id)));
    },
  });
  route(router, ctx, {
    path: '/api/v1/changes/addresses.csv',
    tag: 'addresses',
    summary: 'The addresses behind one change figure (kind) as CSV, with both release labels on every row',
    query: csvQuery,
    produces: 'text/csv',
    response: TEXT_BODY,
    handle: async (req, res) => {
      const s = await selection(csvQuery, req);
      await sendCsv(res, s.name, s.table, s.rows, s.meta, s.q);
    },
  });
  route(router, ctx, {
    path: '/api/v1/changes/addresses.geojson',
    tag: 'addresses',
    summary: 'The addresses behind one change figure (kind) as a GeoJSON FeatureCollection',
    query: geoJsonQuery,
    produces: 'application/geo+json',
    response: ChangeCollectionSchema,
    handle: async (req, res) => {
      const { pair, q, ...s } = await selection(geoJsonQuery, req);
      const members = { from: pair.from.label, to: pair.to.label, kind: q.kind, threshold: pair.threshold };
      await sendGeoJson(res, s.name, s.table, s.rows, s.meta, members);
    },
  });
  return router;
}
