// GET /api/v1/areas (list of one level, sortable, name filter, optionally the areas inside one parent
// and their progress) and /api/v1/areas/{code} (detail).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { AreaDetailSchema, AreaListSchema, type AreaDetail, type AreaList, type AreaSummary } from '../../common/api.ts';
import { areaProgress, areasWithin, childLevel } from '../area-progress.ts';
import { goalOf, resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { parsePath, parseQuery } from '../params.ts';
import { route } from '../route.ts';

const SORT_KEYS = ['name', 'code', 'addresses', 'covered', 'uncovered', 'covered_pct'] as const;

/** Areas without data (covered_pct null) sort below every number. */
function compareBy(key: (typeof SORT_KEYS)[number]) {
  return (a: AreaSummary, b: AreaSummary): number => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'string') return x.localeCompare(y as string);
    return (x ?? -Infinity) - ((y as number | null) ?? -Infinity) || a.name.localeCompare(b.name);
  };
}

export function areasRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const listQuery = z.object({
    ...selectionShape(p),
    level: p.level.optional().meta({
      description:
        "area level as loaded; default: the level of the parent's areas with `parent`, else the level addresses belong to (municipality in NL)",
    }),
    parent: p.areaCode.optional().meta({ description: 'only the areas inside this one (e.g. the municipalities of a province)' }),
    progress: z
      .enum(['0', '1'])
      .default('0')
      .meta({ description: '1: each area with its `progress` (to_go, pace, projected_year, status, rank)' }),
    q: z.string().max(100).optional().meta({ description: 'keep areas whose name contains this text (case-insensitive)' }),
    sort: z.enum(SORT_KEYS).default('name').meta({ description: 'sort key; default name' }),
    order: z.enum(['asc', 'desc']).default('asc'),
  });
  const detailQuery = z.object(selectionShape(p));
  const detailPath = z.object({ code: p.areaCode });
  function list(req: Request): AreaList {
    const q = parseQuery(listQuery, req);
    const { release, threshold, echo } = resolveSelection(ctx, q);
    const levels = ctx.store.areas.levels();
    if (q.level !== undefined && !levels.includes(q.level))
      throw new HttpError(
        400,
        'invalid_parameter',
        `Unknown area level '${q.level}'; loaded levels: ${levels.join(', ') || 'none'}.`,
        'level',
      );
    const parent = q.parent === undefined ? null : ctx.store.areas.get(q.parent, 'parent');
    const level = q.level ?? (parent && childLevel(ctx.store, parent.code)) ?? ctx.store.areas.addressLevel();
    const needle = q.q?.toLocaleLowerCase();
    // Ranks are among every area of the level, also when the list is limited to one parent.
    const areas = areasWithin(ctx.store, level, parent?.code ?? null, release, threshold, q.progress === '1' ? goalOf(ctx) : null)
      .filter((a) => needle === undefined || a.name.toLocaleLowerCase().includes(needle))
      .sort(compareBy(q.sort));
    if (q.order === 'desc') areas.reverse();
    return { ...echo, level, parent: parent?.code ?? null, areas };
  }

  function detail(req: Request): AreaDetail {
    const { code } = parsePath(detailPath, req);
    const { release, threshold, echo } = resolveSelection(ctx, parseQuery(detailQuery, req));
    const area = ctx.store.areas.get(code);
    const { stats } = ctx.store;
    const scope = { release: release.id, level: area.level, code: area.code };
    const trend = ctx.store.trend(area, threshold);
    return {
      ...echo,
      code: area.code,
      name: area.name,
      level: area.level,
      parent_code: area.parent_code,
      ...stats.figures(scope, threshold),
      bbox: area.bbox,
      by_technology: stats.byTechnology(scope, threshold),
      by_provider: stats.byProvider(scope, threshold),
      speed_classes: stats.speedClasses(scope, threshold),
      trend,
      progress: areaProgress(ctx.store, area, trend, release, threshold, goalOf(ctx)),
    };
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/areas',
    tag: 'areas',
    summary: 'Areas of one level with their figures',
    query: listQuery,
    response: AreaListSchema,
    cache: true,
    json: list,
  });
  route(router, ctx, {
    path: '/api/v1/areas/{code}',
    tag: 'areas',
    summary: 'One area: figures, bbox, by technology and provider, speed classes, trend over releases, progress towards the goal, rank',
    params: detailPath,
    query: detailQuery,
    response: AreaDetailSchema,
    cache: true,
    json: detail,
  });
  return router;
}
